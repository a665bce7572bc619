"""The built-in sheets open readably in Excel (widths, a frozen bold header with a note giving
each column's limit, long text wrapped); CSV and TSV stay plain; the pack and the export
history name the cooperative, not its slug."""

import csv
import io

import openpyxl

from app.exports import profiles
from app.exports.services import run_export
from app.extensions import db as _db
from tests.support.exports import TODAY, open_pack, ready_product

XLSX = [p for p in profiles.all_profiles().values() if p.file.format == "xlsx"]
NAME = "HTX Lúa gạo Điện Biên"


def _pack(profile, coop) -> tuple[bytes, object]:
    out = io.BytesIO()
    result = run_export(profile, [coop], out, TODAY, via="cli")
    return out.getvalue(), result


def _sheet(data: bytes, profile):
    workbook = openpyxl.load_workbook(io.BytesIO(open_pack(data).read(profile.file.name)))
    return workbook[profile.file.sheet]


def _notes(sheet) -> dict[str, str]:
    return {c.value: c.comment.text for c in sheet[1]}


def test_every_built_in_sheet_opens_with_widths_a_frozen_header_notes_and_wrapping(
    member, db, subtests
):
    coop = member.cooperative
    ready_product(coop, description="Lạc đỏ hạt nhỏ, vỏ lụa đỏ sẫm. " * 12)
    assert XLSX and {"voso", "postmart", "shopee"} <= {p.id for p in XLSX}
    for profile in XLSX:
        with subtests.test(profile=profile.id):
            data, _result = _pack(profile, coop)
            sheet = _sheet(data, profile)
            assert sheet.freeze_panes == "A2"
            header, row = sheet[1], sheet[2]
            assert [c.value for c in header] == profile.headers
            for number, column in enumerate(profile.columns, 1):
                letter = header[number - 1].column_letter
                width = sheet.column_dimensions[letter].width
                assert width >= 10 and width != 13, (column.header, width)  # 13: the default
                assert header[number - 1].font.b and header[number - 1].comment.author == "Lên Sàn"
                note = header[number - 1].comment.text
                assert note.startswith("Bắt buộc." if column.required else "Không bắt buộc.")
                cell = row[number - 1]
                if column.source in ("description", "description_html"):
                    assert width >= 60 and cell.alignment.wrap_text, column.header
                    assert cell.alignment.vertical == "top"
                if column.source in ("price", "sku", "stock"):
                    assert not cell.alignment.wrap_text  # numbers and codes stay plain
            notes = _notes(sheet)
            title = next(c.header for c in profile.columns if c.source == "title")
            limits = profile.limits
            assert f"Từ {limits.title_min} đến {limits.title_max} ký tự." in notes[title]
            price = next(c.header for c in profile.columns if c.source == "price")
            assert "Từ 1 đến 180.000.000 đồng." in notes[price]


def test_voso_notes_say_what_the_marketplace_accepts(member, db):
    ready_product(member.cooperative)
    profile = profiles.get("voso")
    notes = _notes(_sheet(_pack(profile, member.cooperative)[0], profile))
    assert notes["Mã SKU"] == "Bắt buộc. Tối đa 50 ký tự."
    assert notes["Tên sản phẩm"] == "Bắt buộc. Từ 25 đến 120 ký tự."
    assert notes["Mô tả"] == "Bắt buộc. Từ 100 đến 3000 ký tự."
    assert notes["Giá gốc (VNĐ)"] == "Không bắt buộc. Từ 1 đến 180.000.000 đồng."
    assert notes["Ảnh"] == "Bắt buộc. 1–9 ảnh vuông, cạnh từ 500 px, mỗi ảnh tối đa 2 MB."
    assert notes["Khối lượng (kg)"] == "Bắt buộc. Khối lượng cả bao bì, tối đa 300 kg."
    assert notes["Xuất xứ"] == "Bắt buộc."


def test_the_styled_pack_is_still_the_same_bytes_for_the_same_data(member, db):
    ready_product(member.cooperative)
    profile = profiles.get("postmart")
    first, _ = _pack(profile, member.cooperative)
    again, _ = _pack(profile, member.cooperative)
    assert first == again


def test_csv_and_tsv_packs_stay_plain(member, db):
    ready_product(member.cooperative)
    for profile_id in ("google", "shopify", "woocommerce"):
        profile = profiles.get(profile_id)
        raw = open_pack(_pack(profile, member.cooperative)[0]).read(profile.file.name)
        first_line = raw.decode("utf-8-sig").split("\r\n", 1)[0] + "\r\n"
        if profile.file.format == "tsv":
            assert first_line == "\t".join(profile.headers) + "\r\n"
        else:
            plain = io.StringIO()
            csv.writer(plain, lineterminator="\r\n").writerow(profile.headers)
            assert first_line == plain.getvalue()


def test_the_pack_and_the_history_name_the_cooperative(as_member, member, db):
    coop = member.cooperative
    coop.short_name = NAME  # its slug stays htx-so-…, made when it had another name
    _db.session.commit()
    product = ready_product(coop)
    response = as_member.post(
        "/exports/download",
        data={"marketplace": "google", "cooperative": [coop.id], "product": [product.id]},
    )
    assert response.status_code == 200
    name = f"lensan-google-htx-lua-gao-dien-bien-{TODAY.isoformat()}.zip"
    assert response.headers["Content-Disposition"] == f"attachment; filename={name}"
    history = as_member.get("/exports/").get_data(as_text=True)
    assert NAME in history and coop.slug not in history
