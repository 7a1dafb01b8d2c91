#!/bin/sh
#
# make.sh OUTDIR - the attachment corpus made by real tools (issue 12):
# ok_<type>_<how>.<ext> files each program writes as users get them, and
# no_<verdict>_<how>.<ext> hostile files built from them. tests/http/
# corpus.test.mjs judges every one (sme-sniff) and uploads a few.
#
# LibreOffice (doc, xls, docx, xlsx from odf.py's packages: a text holding
# a spreadsheet object, a sheet holding a text object: ObjectPool and MBD
# storages with their own Workbook/WordDocument streams), Chromium print-to-PDF, Ghostscript, qpdf
# (object streams, linearised, QDF with plain streams), img2pdf,
# ImageMagick, ExifTool; the npm writers (SheetJS,
# exceljs, docx, pdf-lib) run from gen.mjs. LibreOffice starts once per
# target format with every input of that format (it is slow to start).
#
set -eu

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Debian's ImageMagick, by its own name (another convert may come first in PATH).
im=/usr/bin/convert-im6.q16
[ -x "$im" ] || im=/usr/bin/convert

# ---- sources --------------------------------------------------------------
cat >"$work/page.html" <<'HTML'
<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>申报书</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif} table{border-collapse:collapse} td{border:1px solid #888;padding:4px}</style>
<h1>江苏省专精特新中小企业申报书</h1><p>企业名称：南京示例科技有限公司</p>
<table><tr><td>年份</td><td>营业收入（万元）</td></tr><tr><td>2025</td><td>12,345.67</td></tr></table>
<p>主导产品：工业传感器。</p>
HTML
# A Writer text holding a spreadsheet object, a Calc sheet holding a text object.
/usr/bin/python3 "$here/odf.py" "$work"

# ---- LibreOffice: once per target format --------------------------------
# A profile kept across runs ($SME_LO_PROFILE) spares LibreOffice's first start.
profile=${SME_LO_PROFILE:-$work/lo-profile}
lo() {
	fmt=$1
	shift
	soffice -env:UserInstallation="file://$profile" --headless --norestore \
		--convert-to "$fmt" --outdir "$work/lo-$fmt" "$@" >"$work/lo-$fmt.log" 2>&1
}
# In the background while the other writers run (it is the slow part).
(lo doc "$work/report.odt" && lo docx "$work/report.odt" &&
	lo xls "$work/sheet.ods" && lo xlsx "$work/sheet.ods") &
lopid=$!

# ---- PDF writers ----------------------------------------------------------
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
	--user-data-dir="$work/chromium" --print-to-pdf="$out/ok_pdf_chromium.pdf" \
	"file://$work/page.html" >"$work/chromium.log" 2>&1
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -o "$out/ok_pdf_ghostscript.pdf" \
	"$out/ok_pdf_chromium.pdf"
qpdf --object-streams=generate --linearize "$out/ok_pdf_chromium.pdf" \
	"$out/ok_pdf_qpdf-objstm-linearized.pdf"
qpdf --qdf --object-streams=disable "$out/ok_pdf_chromium.pdf" "$out/ok_pdf_qpdf-qdf-plain.pdf"

# ---- images ---------------------------------------------------------------
"$im" -size 320x200 gradient:'#1d4ed8-#f59e0b' -quality 85 "$out/ok_jpg_imagemagick.jpg"
"$im" -size 320x200 gradient:'#1d4ed8-#f59e0b' -interlace Plane "$out/ok_jpg_imagemagick-progressive.jpg"
"$im" -size 160x100 plasma:fractal -seed 7 "$out/ok_png_imagemagick.png"
"$im" -size 160x100 xc:white -set comment '营业执照扫描件' "$out/ok_png_imagemagick-comment.png"
exiftool -q -o "$out/ok_jpg_exiftool-exif-xmp.jpg" -Make=Huawei -Model=P60 \
	-XMP-dc:Title='营业执照' -Comment='扫描于2026年' "$out/ok_jpg_imagemagick.jpg"
img2pdf -o "$out/ok_pdf_img2pdf.pdf" "$out/ok_jpg_imagemagick.jpg"

# ---- npm writers (SheetJS, exceljs, docx, pdf-lib) ------------------------
node "$here/gen.mjs" "$out"

if ! wait $lopid; then
	cat "$work"/lo-*.log >&2
	exit 1
fi
cp "$work/lo-doc/report.doc" "$out/ok_doc_libreoffice-embedded-workbook.doc"
cp "$work/lo-docx/report.docx" "$out/ok_docx_libreoffice-embedded-workbook.docx"
cp "$work/lo-xls/sheet.xls" "$out/ok_xls_libreoffice-embedded-document.xls"
cp "$work/lo-xlsx/sheet.xlsx" "$out/ok_xlsx_libreoffice-embedded-document.xlsx"

# ---- hostile files built from them ---------------------------------------
# A zip appended to a photo; the same with bytes after the zip's end record.
(cd "$work" && printf '财务数据\n' >data.txt && python3 -c '
import zipfile; z = zipfile.ZipFile("a.zip", "w"); z.write("data.txt"); z.close()')
cat "$out/ok_jpg_imagemagick.jpg" "$work/a.zip" >"$out/no_polyglot_jpg-zip.jpg"
{ cat "$out/ok_jpg_imagemagick.jpg" "$work/a.zip"; printf 'trailing\n'; } \
	>"$out/no_polyglot_jpg-zip-not-flush.jpg"
# A page in a JPEG comment and in a PNG text chunk, past the first KiB.
pad=$(printf '%2000s' '' | tr ' ' '.')
exiftool -q -o "$out/no_polyglot_jpg-html-comment.jpg" \
	-Comment="$pad<html><body><script>alert(document.cookie)</script></body></html>" \
	"$out/ok_jpg_imagemagick.jpg"
exiftool -q -o "$out/no_polyglot_png-html-text.png" \
	-PNG:Comment="$pad<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>" \
	"$out/ok_png_imagemagick.png"
# A zip after a PDF's %%EOF, then a new startxref and %%EOF (an update section).
pdf=$out/ok_pdf_chromium.pdf
sx=$(tail -c 64 "$pdf" | tr '\r' '\n' | grep -a -A1 startxref | tail -1)
{ cat "$pdf" "$work/a.zip"; printf '\nstartxref\n%s\n%%%%EOF\n' "$sx"; } \
	>"$out/no_polyglot_pdf-zip-inside.pdf"
# The same with a 7-Zip archive's signature; and after a scanner's padding,
# where it is not padding (no %%EOF ends the file: corrupt).
{ cat "$pdf"; printf '7z\274\257\047\034\000\004 archive\nstartxref\n%s\n%%%%EOF\n' "$sx"; } \
	>"$out/no_polyglot_pdf-7z-inside.pdf"
{ cat "$out/ok_pdf_img2pdf.pdf"; head -c 4096 /dev/zero; printf '7z\274\257\047\034\000\004'; } \
	>"$out/no_corrupt_pdf-7z-after-padding.pdf"
# Padding after %%EOF alone is what scanners write: accepted.
{ cat "$out/ok_pdf_img2pdf.pdf"; head -c 8192 /dev/zero; } >"$out/ok_pdf_img2pdf-padded.pdf"
# The rest (zip bombs, looping OLE2, a raw zip stream, password-protected
# OOXML) are built in gen.mjs --hostile; msoffcrypto-tool (a reader of
# ECMA-376 agile encryption) must open what it encrypts with the password.
node "$here/gen.mjs" --hostile "$out"
for f in "$out"/no_encrypted_*; do
	msoffcrypto-tool -p 'Mima-2026' "$f" "$work/decrypted"
	cmp -s "$work/decrypted" "$out/ok_$(basename "$f" | sed 's/^no_encrypted_//')" ||
		{ echo "$f does not decrypt to its source" >&2; exit 1; }
done
