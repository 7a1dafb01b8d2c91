#!/usr/bin/env bash
#
# 019_scheme_reload.sh - load the seeded schemes of data/schemes.txt again (issue 16:
# rules corrected to read the figures the seeds name: product_main_share and
# product_market_rank of the 产品 filing, 单项冠军 "4亿元以下" with the title, 研发费用).
# Each family/year of the file replaces the stored one with its rules (a bureau's own
# families are left alone). Run by schema/migrate with cwd = schema/; prints SQL.
#
set -euo pipefail

# The family/year pairs of the file, deleted first (rules, bands, areas cascade).
awk -F'|' '
function t(s) { gsub(/^[ \t]+|[ \t\r]+$/, "", s); return s }
/^[ \t]*(#|$)/ { next }
t($1) == "scheme" { printf "DELETE FROM scheme WHERE family = '\''%s'\'' AND year = %d;\n", t($2), t($3) }
' data/schemes.txt

# Then the same inserts 010 makes (its statements after the CREATE TABLEs).
bash ./010_schemes.sh | awk '/^INSERT INTO scheme \(/ { on = 1 } on'
