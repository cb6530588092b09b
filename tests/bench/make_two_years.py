"""Builds a two-sheet workbook of 1,067,371 line items from the full Online Retail workbook,
the way Online Retail II keeps two yearly sheets, for `cargo xtask bench`.

    python3 make_two_years.py SHARED_DATA/online_retail.xlsx OUT.xlsx

Sheet "Year 2009-2010" is the first 525,462 line items moved back 364 days (52 weeks, so
weekdays stay) with their numeric invoice numbers lowered by 100000 so that the years'
orders stay apart; sheet "Year 2010-2011" is the workbook as it is. Together they have the
row count of Online Retail II. Only the standard library is used: the sheet XML is
rewritten as text, so the workbook's own strings and styles are kept as they are.
"""
import re
import sys
import zipfile

EARLIER_ROWS = 525_462
DAYS_BACK = 364
INVOICE_SHIFT = 100_000
SHEET = "xl/worksheets/sheet1.xml"

src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z:
    parts = {name: z.read(name) for name in z.namelist()}

xml = parts[SHEET]
open_at = xml.index(b"<sheetData>") + len(b"<sheetData>")
close_at = xml.index(b"</sheetData>")
head, body, tail = xml[:open_at], xml[open_at:close_at], xml[close_at:]

# Row starts: the header row, then the data rows.
starts = [m.start() for m in re.finditer(rb"<row ", body)]
header = body[: starts[1]]
earlier = body[starts[1] : starts[EARLIER_ROWS + 1]]


def shift_date(m):
    return b"%s%r</v>" % (m.group(1), float(m.group(2)) - DAYS_BACK)


def shift_invoice(m):
    return b"%s%d</v>" % (m.group(1), int(m.group(2)) - INVOICE_SHIFT)


earlier = re.sub(rb'(<c r="E\d+" s="1"><v>)([0-9.]+)</v>', shift_date, earlier)
earlier = re.sub(rb'(<c r="A\d+"><v>)(\d+)</v>', shift_invoice, earlier)
dimension = b'<dimension ref="A1:H%d"/>' % (EARLIER_ROWS + 1)
parts["xl/worksheets/sheet2.xml"] = (
    re.sub(rb'<dimension ref="[^"]*"/>', dimension, head) + header + earlier + tail
)

parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
    b'<sheet name="Online Retail" sheetId="1" r:id="rId1"/>',
    b'<sheet name="Year 2009-2010" sheetId="2" r:id="rId9"/>'
    b'<sheet name="Year 2010-2011" sheetId="1" r:id="rId1"/>',
)
parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
    b"</Relationships>",
    b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>',
)
parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
    b"</Types>",
    b'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
)
assert b"rId9" in parts["xl/workbook.xml"], "unexpected workbook.xml"

with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    for name, data in parts.items():
        z.writestr(name, data)
print(f"{out}: {EARLIER_ROWS} + {len(starts) - 1} = {EARLIER_ROWS + len(starts) - 1} line items")
