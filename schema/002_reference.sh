#!/usr/bin/env bash
#
# 002_reference.sh - print the SQL that loads data/jiangsu-regions.tsv into region and
# data/gbt4754-2017.tsv into industry (run by schema/migrate with cwd = schema/).
#
set -euo pipefail

# tsv2sql TABLE COLUMNS FILE [LEVEL]: one INSERT per 200 rows; empty fields become NULL.
# With LEVEL, only rows whose last column equals it (regions: parents before children).
tsv2sql() {
	awk -F'\t' -v table="$1" -v cols="$2" -v only="${4:-}" '
	# Escape by hand: backslashes in gsub replacements differ between mawk and gawk.
	function q(s,    out, i, ch) {
		if (s == "") return "NULL"
		out = ""
		for (i = 1; i <= length(s); i++) {
			ch = substr(s, i, 1)
			if (ch == "\\" || ch == "'\''") out = out "\\"
			out = out ch
		}
		return "'\''" out "'\''"
	}
	NR == 1 { ncol = split(cols, c, ","); next }
	{ sub(/\r$/, "") }
	NF != ncol { printf "%s:%d: %d fields, expected %d\n", FILENAME, NR, NF, ncol > "/dev/stderr"; exit 1 }
	only != "" && $NF != only { next }
	{
		row = "(" q($1)
		for (i = 2; i <= ncol; i++) row = row "," q($i)
		printf "%s%s", (n % 200 == 0 ? (n ? ";\n" : "") "INSERT INTO " table " (" cols ") VALUES\n" : ",\n"), row ")"
		n++
	}
	END { if (n) print ";"; else if (NR) { print "no rows for " table > "/dev/stderr"; exit 1 } }
	' "$3"
}

echo "START TRANSACTION;"
for level in province city county; do
	tsv2sql region code,name,parent_code,level data/jiangsu-regions.tsv "$level"
done
tsv2sql industry code,name,level,parent_code data/gbt4754-2017.tsv
echo "COMMIT;"
