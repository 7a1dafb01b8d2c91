/*
 * scheme.h - criteria schemes as data: a scheme (issuer, year, tier, class,
 * the filing kinds it applies to) holds rules (computable from a fact, or
 * declarations needing evidence) and, when it scores, bands and areas.
 * The text format is documented at the top of schema/data/schemes.txt.
 */
#ifndef SCHEME_H
#define SCHEME_H

#include <stddef.h>
#include "sme.h"


enum scheme_op { SCHEME_GE, SCHEME_GT, SCHEME_LE, SCHEME_LT, SCHEME_EQ,
	SCHEME_DECLARE, SCHEME_OP__MAX };
enum scheme_mode { SCHEME_PASS, SCHEME_SCORE, SCHEME_MODE__MAX };

/* The group of a focus (重点): its result is shown but no verdict counts it. */
#define SCHEME_FOCUS	"*"

struct scheme_rule {
	char		 code[16];	/* "6a": unique in its scheme */
	char		 group[16];	/* "" alone; "g6" any of; "g9.a" a part;
					   SCHEME_FOCUS a focus, never counted */
	char		 fact[40];	/* a facts.h name; "" for a declaration */
	enum scheme_op	 op;		/* SCHEME_DECLARE when fact is "" */
	double		 threshold;
	char		 unit[16];	/* the fact's unit; "" for a declaration */
	char		 slot[48];	/* attachment slot key proving it, or "" */
	char		 text[512];	/* the rule as the document words it */
};

struct scheme_band {
	char	 indicator[24];	/* bands of one indicator are consecutive */
	char	 area[16];	/* the scheme_area key it counts toward */
	char	 fact[40];	/* a facts.h name; "-" evidence only; "*" always */
	int	 lo_set, lo_incl; /* lower bound exists, is inclusive */
	double	 lo;
	int	 hi_set, hi_incl;
	double	 hi;
	int	 points;
	char	 text[256];
};

struct scheme_area {
	char	 key[16];
	int	 min;		/* least points the area needs */
	char	 name[64];
};

struct scheme {
	long long		 id;		/* database id; 0 before saving */
	char			 family[48];	/* years of one scheme share it */
	int			 year;
	char			 tier[16];	/* county city province national */
	char			 klass[8];	/* mfg innov or "" (any) */
	char			 kinds[96];	/* comma separated filing kinds */
	char			 region[8];	/* GB/T 2260 code or "" (all) */
	enum scheme_mode	 mode;
	char			 issuer[128];
	char			 title[256];
	char			 source[256];
	int			 total_min;	/* score: least total; 0 otherwise */
	struct scheme_rule	*rules;
	size_t			 nrules;
	struct scheme_band	*bands;
	size_t			 nbands;
	struct scheme_area	*areas;
	size_t			 nareas;
};

/*
 * Parse text (bufsz bytes, the format of schemes.txt) into a new array of
 * schemes *out of *nout. On SME_OK the caller frees it with
 * scheme_free_all(); on SME_EINPUT *out is NULL and err holds a zh-CN
 * message naming the line ("第12行：未知的指标 revnue").
 */
enum sme_err	 scheme_parse(const char *buf, size_t bufsz,
		    struct scheme **out, size_t *nout, char *err, size_t errsz);

/* Free the rules, bands and areas of s (not s itself); accepts NULL. */
void		 scheme_clear(struct scheme *s);
/* Free an array of n schemes from scheme_parse or scheme_load_*; accepts NULL. */
void		 scheme_free_all(struct scheme *s, size_t n);

/*
 * 1 if the form of filing kind has the fields fact reads (facts_inputs: every
 * field of one alternative), else 0 with the fields it lacks in lack ("a,b"
 * of the first alternative). scheme_parse refuses a rule or band whose fact
 * a kind of its scheme cannot provide: it could never be computed there.
 */
int		 scheme_fact_provided(const char *fact, const char *kind,
		    char *lack, size_t lacksz);

/* The mode's name in the text and the database ("pass", "score"). */
const char	*scheme_mode_name(enum scheme_mode mode);

/* The operator name ("ge") and the text it reads as ("不低于") of op. */
const char	*scheme_op_name(enum scheme_op op);

#endif
