/*
 * fieldhelp.h - the filling instructions of filing fields (seed 002: "点击
 * 部分填写项后小图标,可看到此项填写说明"; the texts follow seed 004's
 * forms and answers in the platform's own words), shown beside the field
 * as a <details> that opens in place.
 */
#ifndef FIELDHELP_H
#define FIELDHELP_H

/*
 * The instructions of a concrete field name ("revenue_2022" finds the
 * row "revenue"), or NULL when it has none. Static text; lines are
 * separated by '\n'.
 */
const char	*fieldhelp_text(const char *name);

#endif
