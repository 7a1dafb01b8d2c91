/*
 * svgchart.h - the geometry of a horizontal bar chart drawn on the server
 * as inline SVG: each row a label, a bar for its value and one for its
 * target. Only numbers come out; the page's template draws them, so every
 * label reaches the page escaped.
 */
#ifndef SVGCHART_H
#define SVGCHART_H

#include <stddef.h>

#define SVGCHART_WIDTH	 640	/* px of the whole chart */
#define SVGCHART_LABEL	 96	/* px left of the bars, for labels */
#define SVGCHART_BARS	 460	/* px the longest bar may take */
#define SVGCHART_ROW	 34	/* px a row */

struct svgchart_row {
	int	 y;		/* top of the value bar */
	int	 text_y;	/* baseline of the label */
	int	 value_w;	/* width of the value bar, px */
	int	 target_y;	/* top of the target bar */
	int	 target_w;	/* width of the target bar, px (0 = no target) */
	int	 num_x;		/* where the figures after the bars start */
};

struct svgchart {
	int	 width;		/* viewBox width */
	int	 height;	/* viewBox height */
	int	 bar_x;		/* left edge of every bar */
	int	 bar_h;		/* height of one bar */
};

/*
 * Lay out n rows of value and target (negative taken as 0) scaled to the
 * largest of them all: the chart into *c and row i into rows[i].
 */
void	 svgchart_layout(const double *values, const double *targets, size_t n,
	    struct svgchart *c, struct svgchart_row *rows);

#endif
