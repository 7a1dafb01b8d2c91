#!/usr/bin/env bash
#
# 031_scheme_reload.sh - load the seeded schemes of data/schemes.txt again (issue 16,
# second pass: 表1 rule 4 reads the main products together (products_share), 金湖 "拥有
# 申报或授权的发明专利" counts applications (patents_invention_any)). Runs after 019.
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
