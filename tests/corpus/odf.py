#!/usr/bin/python3
"""odf.py OUTDIR - two OpenDocument packages for LibreOffice to convert
(tests/corpus/make.sh): report.odt, a Writer text holding an embedded
spreadsheet object (a table pasted into a 申报书), and sheet.ods, a Calc
sheet holding an embedded text object. Saved as .doc/.xls, the objects
become storages under ObjectPool (Word) or MBD... (Excel) with their own
Workbook or WordDocument streams."""
import os
import sys
import zipfile

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"')
FRAME = ('<draw:frame draw:name="Object1" text:anchor-type="as-char" {pos}svg:width="8cm" '
         'svg:height="3cm"><draw:object xlink:href="./Object 1" xlink:type="simple" '
         'xlink:show="embed" xlink:actuate="onLoad"/></draw:frame>')
TEXT = '<text:p>企业简介：南京示例科技有限公司，专注工业传感器研发。</text:p>'
ROWS = ('<table:table-row><table:table-cell office:value-type="string"><text:p>年份</text:p>'
        '</table:table-cell><table:table-cell office:value-type="string"><text:p>营业收入</text:p>'
        '</table:table-cell></table:table-row><table:table-row><table:table-cell '
        'office:value-type="float" office:value="2025"><text:p>2025</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="12345.67"><text:p>12345.67'
        '</text:p></table:table-cell></table:table-row>')
SHEET = ('<office:spreadsheet><table:table table:name="财务数据">{shapes}'
         '<table:table-column table:number-columns-repeated="2"/>' + ROWS +
         '</table:table></office:spreadsheet>')
MIME = {'odt': 'application/vnd.oasis.opendocument.text',
        'ods': 'application/vnd.oasis.opendocument.spreadsheet'}


def content(body):
    return ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
            '<office:body>%s</office:body></office:document-content>' % (NS, body))


def package(path, kind, body, inner_kind, inner_body):
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="%s"/>'
                '<manifest:file-entry manifest:full-path="Object 1/content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>' % (MIME[kind], MIME[inner_kind]))
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo('mimetype'), MIME[kind])
        z.writestr('content.xml', content(body))
        z.writestr('Object 1/content.xml', content(inner_body))
        z.writestr('META-INF/manifest.xml', manifest)


out = sys.argv[1]
package(os.path.join(out, 'report.odt'), 'odt',
        '<office:text>' + TEXT + '<text:p>' + FRAME.format(pos='') + '</text:p></office:text>',
        'ods', SHEET.format(shapes=''))
package(os.path.join(out, 'sheet.ods'), 'ods',
        SHEET.format(shapes='<table:shapes>' + FRAME.format(pos='svg:x="1cm" svg:y="2cm" ') +
                     '</table:shapes>'),
        'odt', '<office:text>' + TEXT + '</office:text>')
