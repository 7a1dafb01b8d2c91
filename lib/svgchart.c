/*
 * svgchart.c - bar chart geometry (see svgchart.h): scale to the largest
 * figure, one row of two bars a label.
 */
#include "svgchart.h"

void
svgchart_layout(const double *values, const double *targets, size_t n,
    struct svgchart *c, struct svgchart_row *rows)
{
	double	 max = 0, v, t;
	size_t	 i;
	int	 top = 8;

	for (i = 0; i < n; i++) {
		if (values[i] > max)
			max = values[i];
		if (targets[i] > max)
			max = targets[i];
	}
	c->width = SVGCHART_WIDTH;
	c->height = top * 2 + (int)n * SVGCHART_ROW;
	c->bar_x = SVGCHART_LABEL;
	c->bar_h = (SVGCHART_ROW - 6) / 2;
	for (i = 0; i < n; i++) {
		v = values[i] > 0 ? values[i] : 0;
		t = targets[i] > 0 ? targets[i] : 0;
		rows[i].y = top + (int)i * SVGCHART_ROW;
		rows[i].target_y = rows[i].y + c->bar_h;
		rows[i].text_y = rows[i].y + c->bar_h + 5;
		rows[i].value_w = max > 0 ? (int)(v / max * SVGCHART_BARS + 0.5) : 0;
		rows[i].target_w = max > 0 ? (int)(t / max * SVGCHART_BARS + 0.5) : 0;
		/* A bar of a non-zero figure stays visible. */
		if (v > 0 && rows[i].value_w < 1)
			rows[i].value_w = 1;
		if (t > 0 && rows[i].target_w < 1)
			rows[i].target_w = 1;
		rows[i].num_x = SVGCHART_LABEL + (rows[i].value_w > rows[i].target_w ?
		    rows[i].value_w : rows[i].target_w) + 6;
	}
}
