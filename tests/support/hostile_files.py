"""Build hostile spreadsheets by hand (zipfile, no openpyxl) for the tests and the bench.

Each one is small on disk and claims, or holds, far more than a cooperative's list: a cell at
row 100,000,000 of a sheet without ``<dimension>``, millions of blank lines, a huge table of
shared strings, thousands of columns, a sheet whose zip header lies about its size. Large
parts are written to the zip in chunks, so building a 150 MB table costs little memory.
"""

import io
import struct
import zipfile
from collections.abc import Iterable, Iterator

from app.imports.sheet_cells import column_letters

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    XML_DECL + f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    XML_DECL + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
    '<sheet name="Hợp tác xã" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    XML_DECL + f'<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_OPEN = XML_DECL + f'<worksheet xmlns="{MAIN}"><sheetData>'
SHEET_CLOSE = "</sheetData></worksheet>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inline(ref: str, text: str) -> str:
    """One inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{_escape(text)}</t></is></c>'


def row_xml(number: int, values: Iterable[str]) -> str:
    cells = "".join(
        inline(f"{column_letters(i)}{number}", v) for i, v in enumerate(values, 1) if v != ""
    )
    return f'<row r="{number}">{cells}</row>'


def workbook(
    sheet_chunks: Iterable[str], strings_chunks: Iterable[str] = (), level: int = 9
) -> bytes:
    """A minimal .xlsx: one sheet written from ``sheet_chunks``, shared strings if given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        _write_chunks(archive, "xl/worksheets/sheet1.xml", sheet_chunks)
        strings = iter(strings_chunks)
        first = next(strings, None)
        if first is None:
            archive.writestr("xl/sharedStrings.xml", XML_DECL + f'<sst xmlns="{MAIN}"/>')
        else:
            _write_chunks(archive, "xl/sharedStrings.xml", _prepend(first, strings))
    return out.getvalue()


def _prepend(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _write_chunks(archive: zipfile.ZipFile, name: str, chunks: Iterable[str]) -> None:
    with archive.open(name, "w", force_zip64=True) as part:
        for chunk in chunks:
            part.write(chunk.encode())


# --- the hostile files --------------------------------------------------------------------


def far_row_xlsx(row: int = 100_000_000) -> bytes:
    """~1.5 KB: one cell at ``row``, no <dimension>; a reader that fills gaps walks them all."""
    return workbook([SHEET_OPEN, row_xml(row, ["Tên hợp tác xã"]), SHEET_CLOSE])


def blank_lines_csv(size: int = 10_000_000) -> bytes:
    """``size`` bytes of empty lines, then a header and one row."""
    tail = "Tên hợp tác xã,Mã số thuế\r\nHTX Lâm Bình,5000123456\r\n".encode()
    return b"\r\n" * ((size - len(tail)) // 2) + tail


def blank_cells_csv(size: int = 10_000_000, header: bool = True) -> bytes:
    """A header, then ``size`` bytes of lines holding only separators (cells left empty)."""
    head = "Tên hợp tác xã;Mã số thuế\r\n".encode() if header else b""
    return head + b";;;\r\n" * ((size - len(head)) // 5)


def shared_strings_xlsx(total: int = 150 * 1024 * 1024, length: int = 2000) -> bytes:
    """A sheet of 2 cells over a shared-strings table of ``total`` bytes once inflated."""
    count = max(2, total // (length + 40))

    def strings():
        yield XML_DECL + f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'
        filler = "Chè shan tuyết " * (length // 15)
        for i in range(count):
            yield f"<si><t>{i} {filler}</t></si>"
        yield "</sst>"

    sheet = [SHEET_OPEN, '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>']
    sheet += ['</row><row r="2"><c r="A2" t="s"><v>2</v></c></row>', SHEET_CLOSE]
    return workbook(sheet, strings())


def many_cells_xlsx(rows: int = 100, columns: int = 16_384) -> bytes:
    """``rows`` × ``columns`` small number cells (Excel's widest sheet by default)."""

    def sheet():
        yield SHEET_OPEN
        yield row_xml(1, ["Tên hợp tác xã", "Mã số thuế"])
        for number in range(2, rows + 2):
            yield f'<row r="{number}">' + "<c><v>1</v></c>" * columns + "</row>"
        yield SHEET_CLOSE

    return workbook(sheet())


def blank_run_xlsx(blank: int = 1_000_000, styled: bool = True) -> bytes:
    """``blank`` formatted but empty rows, then a header and one row of data."""

    def sheet():
        yield SHEET_OPEN
        for number in range(1, blank + 1):
            yield f'<row r="{number}"><c r="A{number}" s="0"/></row>' if styled else "<row/>"
        yield row_xml(blank + 1, ["Tên hợp tác xã", "Mã số thuế"])
        yield row_xml(blank + 2, ["HTX Lâm Bình", "5000123456"])
        yield SHEET_CLOSE

    return workbook(sheet())


def lying_sizes_xlsx(inflated: int = 300 * 1024 * 1024) -> bytes:
    """A sheet inflating to ``inflated`` bytes whose zip headers claim it holds 1,000 bytes."""
    filler = "<row/>" * 10_000

    def sheet():
        yield SHEET_OPEN
        for _ in range(inflated // len(filler)):
            yield filler
        yield row_xml(1, ["Tên hợp tác xã"]) + SHEET_CLOSE

    data = bytearray(workbook(sheet()))
    return bytes(_claim_size(data, b"xl/worksheets/sheet1.xml", 1000))


def padded_xlsx(pad: int = 100 * 1024 * 1024, blank: str = " ") -> bytes:
    """A two-row sheet padded with ``pad`` bytes of ``blank``: ~100 KB zipped, 100 MB inflated."""
    blanks = blank * (1024 * 1024)

    def sheet():
        yield SHEET_OPEN
        for _ in range(pad // len(blanks)):
            yield blanks
        yield row_xml(1, ["Tên hợp tác xã", "Mã số thuế"])
        yield row_xml(2, ["HTX Lâm Bình", "5000123456"]) + SHEET_CLOSE

    return workbook(sheet())


def _claim_size(data: bytearray, name: bytes, size: int) -> bytearray:
    """Rewrite the uncompressed size of ``name`` in its local and central zip headers."""
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_len, extra_len = struct.unpack_from("<HH", data, local + 26)
        if data[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, size)
            _zip64_size(data, local + 30 + name_len, extra_len, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len, extra_len = struct.unpack_from("<HH", data, central + 28)
        if data[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, size)
            _zip64_size(data, central + 46 + name_len, extra_len, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return data


def _zip64_size(data: bytearray, start: int, length: int, size: int) -> None:
    """Also rewrite the size in a zip64 extra field, where zipfile reads it first."""
    at = start
    while at + 4 <= start + length:
        tag, field_len = struct.unpack_from("<HH", data, at)
        if tag == 1 and field_len >= 8:
            struct.pack_into("<Q", data, at + 4, size)
        at += 4 + field_len


# --- normal files of the same kinds ---------------------------------------------------------


def normal_rows(count: int) -> list[list[str]]:
    """Believable cooperative rows (name, tax code, province, commune, phone)."""
    return [
        [f"Hợp tác xã Chè Shan Tuyết số {i}", str(5_000_000_000 + i), "Tuyên Quang", "Lâm Bình"]
        + [f"09{i:08d}"]
        for i in range(count)
    ]


NORMAL_HEADERS = ["Tên hợp tác xã", "Mã số thuế", "Tỉnh/Thành phố", "Xã/Phường", "Số điện thoại"]


def normal_xlsx(count: int = 2000) -> bytes:
    """A plain sheet of ``count`` rows written by hand like the hostile ones."""

    def sheet():
        yield SHEET_OPEN
        yield row_xml(1, NORMAL_HEADERS)
        for i, values in enumerate(normal_rows(count), start=2):
            yield row_xml(i, values)
        yield SHEET_CLOSE

    return workbook(sheet())


def normal_csv(count: int = 2000) -> bytes:
    lines = [";".join(NORMAL_HEADERS)] + [";".join(r) for r in normal_rows(count)]
    return ("\r\n".join(lines) + "\r\n").encode()
