/*
 * fuzz_gwreply.c - libFuzzer target: gwreply_parse() on any reply body.
 * The first byte picks the format and one of the path pairs an operator
 * might configure; the rest is the body. A success must give a status
 * that fits; a failure must leave both outputs empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "gwreply.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv);

static const char *const fuzz_gwreply_paths[][3] = {
	/* format, status path, id path */
	{ "xml", "/response/code", "/response/msgid" },
	{ "xml", "//*[local-name()='status']", "//*[local-name()='msgid']" },
	{ "xml", "/r/@code", "/r/@id" },
	{ "xml", "count(//*)", "" },
	{ "json", "code", "msgid" },
	{ "json", "result.code", "data.0.msgid" },
	{ "json", "status", "" },
	{ "json", "a.b.c.d.e", "0" },
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *const *c;
	char		 status[64], id[65];
	enum sme_err	 er;

	if (size == 0)
		return 0;
	c = fuzz_gwreply_paths[data[0] % (sizeof(fuzz_gwreply_paths) /
	    sizeof(fuzz_gwreply_paths[0]))];
	er = gwreply_parse(gwreply_fmt(c[0]), (const char *)data + 1, size - 1,
	    c[1], c[2], status, sizeof(status), id, sizeof(id));
	if (er == SME_OK) {
		if (status[0] == '\0' || strlen(status) >= sizeof(status) ||
		    strlen(id) >= sizeof(id))
			abort();
	} else if (er != SME_EINPUT && er != SME_ETOOBIG) {
		abort();
	} else if (status[0] != '\0' || id[0] != '\0')
		abort();
	return 0;
}
