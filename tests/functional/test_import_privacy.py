"""An import does not tell one cooperative about another (issue 14, item 7).

A member or an officer importing products cannot learn whether another cooperative's tax code,
short code or name exists, nor whose a GTIN already in use is; an officer importing
cooperatives cannot learn which names are registered outside their area.
"""

import io
import re
import shutil
from pathlib import Path

import pytest

from tests.support import factories
from tests.support.import_files import row
from tests.support.import_files import xlsx as coop_xlsx
from tests.support.product_import_files import prow, xlsx


@pytest.fixture(autouse=True)
def _no_kept_uploads_left(app):
    yield
    shutil.rmtree(Path(app.config["MEDIA_ROOT"]) / "imports", ignore_errors=True)


def _upload(client, url, data: bytes) -> str:
    response = client.post(
        url,
        data={"file": (io.BytesIO(data), "tep.xlsx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    return response.get_data(as_text=True)


def _problems(html: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r"<tr><td[^>]*>(\d+)</td><td[^>]*>([^<]*)</td><td class=\"error\">([^<]*)</td></tr>", html
    )


def _product(cooperative="", sku="A-1", **values):
    return prow(cooperative=cooperative, name=f"Sản phẩm {sku}", category="Chè", unit="kg",
                sku=sku, price="1000", **values)  # fmt: skip


def _masked(problems, *names):
    """The messages with the names the file wrote replaced, to compare their shapes."""
    out = []
    for _row, column, message in problems:
        for name in names:
            message = message.replace(name, "…")
        out.append((column, message))
    return out


def test_a_member_cannot_tell_another_cooperatives_tax_code_from_a_made_up_one(
    as_member, db, coop_tq, coop_ld
):
    archived = factories.CooperativeFactory(status="archived", province_code=8)
    names = [coop_ld.tax_code, "5099999999", coop_ld.slug, "htx-khong-co", archived.legal_name]
    rows = [_product(name, sku=f"S-{i}") for i, name in enumerate(names)]
    problems = _problems(_upload(as_member, "/import/products", xlsx(rows)))
    assert len(problems) == len(names)
    assert len(set(_masked(problems, *names))) == 1  # one message, whatever exists


def test_an_officer_cannot_tell_a_cooperative_outside_their_area_from_a_made_up_one(
    as_officer, db, coop_tq, coop_ld
):
    names = [coop_ld.tax_code, "5099999999", coop_ld.legal_name, "Hợp tác xã Không Có"]
    rows = [_product(name, sku=f"S-{i}") for i, name in enumerate(names)]
    problems = _problems(_upload(as_officer, "/import/products", xlsx(rows)))
    assert len(problems) == len(names) and len(set(_masked(problems, *names))) == 1


def test_a_name_shared_with_a_cooperative_outside_the_area_still_finds_the_officers_own(
    as_officer, db, coop_tq
):
    factories.CooperativeFactory(
        legal_name=coop_tq.legal_name, province_code=68, commune_code=25000
    )
    html = _upload(as_officer, "/import/products", xlsx([_product(coop_tq.legal_name)]))
    assert _problems(html) == []  # no "two cooperatives have this name" to learn from


def test_a_gtin_says_only_that_it_is_taken_whoever_has_it(as_member, db, coop_tq, coop_ld):
    mine, theirs = "08934567890120", "08934567890137"
    for coop, gtin in ((coop_tq, mine), (coop_ld, theirs)):
        factories.ProductFactory(
            cooperative=coop, slug=gtin, name="X", category="tea", unit="kg", gtin=gtin
        )
    rows = [_product(sku="G-1", gtin=mine), _product(sku="G-2", code="b", gtin=theirs)]
    problems = _problems(_upload(as_member, "/import/products", xlsx(rows)))
    assert [(p[1], p[2]) for p in problems] == [("GTIN", "GTIN này đã được dùng trên Lên Sàn.")] * 2


def test_an_officer_importing_cooperatives_learns_nothing_about_other_areas(
    as_officer, db, coop_tq
):
    there = factories.CooperativeFactory(
        legal_name="Hợp tác xã Cà Phê Di Linh", province_code=68, commune_code=25000
    )
    di_linh = {"province": "Lâm Đồng", "commune": "Di Linh"}
    rows = [
        row(legal_name=there.legal_name, **di_linh),  # registered there
        row(legal_name="Hợp tác xã Chưa Có", **di_linh),  # not registered
        row(legal_name="HTX Mã Số Thuế", tax_code=there.tax_code, **di_linh),
        row(legal_name="HTX Số Mới", tax_code="5099999999", **di_linh),
    ]
    problems = _problems(_upload(as_officer, "/import/cooperatives", coop_xlsx(rows)))
    assert [(p[1], p[2]) for p in problems] == [
        ("Xã/Phường", "Xã này nằm ngoài địa bàn bạn phụ trách.")
    ] * 4
