"""Export packs through the web and the CLI: readiness with links to fix, the ZIP, what
Excel would run as a formula, NFD text, the export's record, listing status and the
"Mua tại …" links buyers see."""

import io
import unicodedata
import zipfile

from app.exports import profiles
from app.extensions import db as _db
from app.models import Export, Listing, ListingStatus, Product, ProductVariant
from app.trace.services import BatchData, recall_batch, save_batch
from tests.support import factories
from tests.support.clients import sign_in
from tests.support.exports import (
    TODAY,
    certificate,
    fix_links,
    link,
    open_pack,
    ready_product,
    sheet_rows,
    xlsx_cells,
)
from tests.support.html_pages import parse_html


def field_error(html: str, name: str) -> str:
    node = parse_html(html).by_id(f"{name}-error")
    return node.text().strip() if node else ""


FORMULA = '=HYPERLINK("http://x","y")'
NFD = unicodedata.normalize("NFD", "Cà phê Robusta rang mộc Di Linh Lâm Đồng")


def _download(client, profile_id, coop, products) -> zipfile.ZipFile:
    response = client.post(
        "/exports/download",
        data={
            "marketplace": profile_id,
            "cooperative": [coop.id],
            "product": [p.id for p in products],
        },
    )
    if response.status_code == 303:  # a pack with photos: a job's page offers it
        assert "/jobs/" in response.location
        response = client.get(response.location.rstrip("/") + "/result")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/zip"
    assert f"lensan-{profile_id}-{coop.slug}-" in response.headers["Content-Disposition"]
    return open_pack(response.data)


def test_readiness_names_what_blocks_each_listing_with_a_link_to_fix_it(as_member, member, db):
    coop = member.cooperative
    good = ready_product(coop)
    bad = ready_product(
        coop,
        name="Lạc rang húng lìu Lâm Bình đạt chuẩn VietGAP",
        sku="LB-HL-200",
        photo_size=(400, 400),
    )
    variant = bad.variants[0]
    variant.package_weight_g = None
    expired = certificate(coop, kind="ocop", number="99/QĐ-UBND", expires_in=-3, stars=3)
    link(bad, expired)
    _db.session.commit()

    page = as_member.get(f"/exports/check?marketplace=shopee&cooperative={coop.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "1/2 phân loại sẵn sàng" in html
    assert "Lạc đỏ Lâm Bình loại 1 Tuyên Quang HTX Số" in html  # the suggested title
    links = fix_links(html)
    back = f"/exports/check?marketplace=shopee&cooperative={coop.id}#product-{bad.id}"
    for words, fix in [
        ("Nhập khối lượng gói hàng", f"/products/{bad.id}/edit#variants-0-package_weight_g"),
        ("Ảnh 1 có kích thước 400 × 400 px; Shopee cần mỗi cạnh ít nhất 500 px",
         f"/products/{bad.id}/images/"),
        ("Giấy chứng nhận số 99/QĐ-UBND đã hết hạn",
         f"/cooperatives/{coop.id}/certificates/{expired.id}/edit"),
        ("Tên hoặc mô tả có chữ “VietGAP”", f"/products/{bad.id}/edit#name"),
    ]:  # fmt: skip
        assert words in html and (fix, back) in links, words
    assert f'name="product" value="{good.id}" checked' in html
    assert f'name="product" value="{bad.id}" disabled' in html
    listings = {x.variant_id: x.status for x in _db.session.scalars(_db.select(Listing))}
    assert listings == {good.variants[0].id: ListingStatus.READY, variant.id: ListingStatus.DRAFT}

    assert "qua API" not in html  # Shopee takes no listings over an API here
    province = as_member.get(f"/exports/check?marketplace=province&cooperative={coop.id}")
    assert 'formaction="/exports/push"' in province.get_data(as_text=True)
    assert "Gửi lên Sàn TMĐT của tỉnh qua API" in province.get_data(as_text=True)

    english = as_member.get(f"/exports/check?marketplace=shopee&cooperative={coop.id}&lang=en")
    assert "Give the package weight" in english.get_data(as_text=True)


def test_a_formula_name_and_nfd_text_export_safely_and_correctly(as_member, member, db):
    coop = member.cooperative
    formula = ready_product(coop, name=FORMULA + " Lạc Lâm Bình", sku="LB-F-1")
    nfd = ready_product(coop, name="Cà phê tạm", sku="DL-NFD-1")
    # Written straight to the database, as an old import could have: no form cleaned them.
    _db.session.execute(
        _db.update(Product)
        .where(Product.id == nfd.id)
        .values(name=NFD, description=unicodedata.normalize("NFD", "Rang mộc, xay sẵn cho phin."))
    )
    _db.session.execute(
        _db.update(Product).where(Product.id == formula.id).values(description="-1+2 @cmd")
    )
    _db.session.commit()
    for profile_id in ("voso", "shopee", "google", "shopify", "woocommerce"):
        profile = profiles.get(profile_id)
        pack = _download(as_member, profile_id, coop, [formula, nfd])
        headers, rows = sheet_rows(pack, profile)
        title = next(c.header for c in profile.columns if c.source == "title")
        titles = [str(r[title]) for r in rows if r[title]]
        for value in titles:
            assert unicodedata.is_normalized("NFC", value)
        assert any(t.startswith(unicodedata.normalize("NFC", NFD)) for t in titles), profile_id
        if not profile.rules.contact_details:  # Shopee: the formula's link keeps it out
            guide = pack.read("HUONG-DAN.txt").decode("utf-8-sig")
            assert "- LB-F-1 (" in guide and "đường link http://x" in guide
            assert not any(FORMULA in t for t in titles)
            continue
        if profile.file.format == "xlsx":
            cells = xlsx_cells(pack, profile)
            assert all(c.data_type != "f" for c in cells)
            risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
            assert risky and all(c.value.startswith(FORMULA) for c in risky)
            assert all(c.data_type == "s" and c.quotePrefix for c in risky)
            sheet_xml = pack.read(profile.file.name)
            assert b"<f>" not in zipfile.ZipFile(io.BytesIO(sheet_xml)).read(
                "xl/worksheets/sheet1.xml"
            )
        else:
            assert any(t.startswith("'" + FORMULA) for t in titles), profile_id
            for row in rows:
                for cell in row.values():
                    assert not str(cell).startswith(("=", "+", "-", "@", "\t", "\r")), cell
        guide = pack.read("HUONG-DAN.txt").decode("utf-8-sig")
        assert unicodedata.is_normalized("NFC", guide)
        if profile.file.descriptions:
            text = pack.read(f"mo-ta/{nfd.slug}-{nfd.id}.txt").decode("utf-8-sig")
            assert unicodedata.normalize("NFC", "Rang mộc, xay sẵn cho phin.") in text


def test_the_download_carries_only_ticked_ready_products_and_is_recorded(as_member, member, db):
    coop = member.cooperative
    chosen = ready_product(coop)
    vietgap = certificate(coop, number="VietGAP-TT-01", expires_in=200)
    link(chosen, vietgap)
    other = ready_product(coop, name="Lạc nhân trắng Lâm Bình Tuyên Quang", sku="LB-TR-1")
    blocked = ready_product(coop, name="Miến dong Lâm Bình thủ công Tuyên Quang", sku="LB-M-1")
    blocked.variants[0].height_cm = None
    _db.session.commit()
    pack = _download(as_member, "voso", coop, [chosen, blocked])
    names = set(pack.namelist())
    assert names >= {
        "voso-san-pham.xlsx",
        "HUONG-DAN.txt",
        "anh/LB-LAC-500_1.jpg",
        f"mo-ta/{chosen.slug}-{chosen.id}.txt",
        "chung-nhan/vietgap-vietgap-tt-01.pdf",
    }
    assert not any("LB-TR-1" in n for n in names)  # not ticked
    _headers, rows = sheet_rows(pack, profiles.get("voso"))
    assert [r["Mã SKU"] for r in rows] == ["LB-LAC-500"]
    assert "VietGAP số VietGAP-TT-01" in rows[0]["Chứng nhận"]
    guide = pack.read("HUONG-DAN.txt").decode("utf-8-sig")
    assert "GÓI ĐĂNG SẢN PHẨM LÊN VOSO.VN" in guide
    assert "LB-M-1 (Miến dong Lâm Bình thủ công Tuyên Quang): Nhập chiều dài, rộng, cao" in guide
    export = _db.session.scalar(_db.select(Export))
    assert (export.marketplace, export.created_by_id, export.via) == ("voso", member.id, "web")
    assert (export.variant_count, export.blocked_count, export.image_count) == (1, 1, 1)
    assert _db.session.execute(_db.text("SELECT count(*) FROM export_items")).scalar() == 1
    statuses = {x.variant.sku: x.status for x in _db.session.scalars(_db.select(Listing))}
    assert statuses == {"LB-LAC-500": ListingStatus.EXPORTED, "LB-M-1": ListingStatus.DRAFT}
    index = as_member.get("/exports/").get_data(as_text=True)
    assert "Voso.vn" in index and coop.display_name in index and member.name in index
    assert other.id  # untouched


def test_nothing_ticked_is_refused_with_a_message(as_member, member, db):
    coop = member.cooperative
    ready_product(coop)
    response = as_member.post(
        "/exports/download", data={"marketplace": "shopee", "cooperative": [coop.id]},
        follow_redirects=True,
    )  # fmt: skip
    assert "Hãy đánh dấu ít nhất một sản phẩm để xuất." in response.get_data(as_text=True)
    assert _db.session.scalar(_db.select(Export)) is None


def test_a_bad_choice_is_shown_at_the_field(as_member, member, db):
    response = as_member.get("/exports/check?marketplace=&cooperative=")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error(html, "marketplace") == "Hãy chọn sàn."
    assert "Hãy chọn ít nhất một hợp tác xã." in html


def test_another_cooperatives_products_stay_out(client, member, db):
    coop = member.cooperative
    stranger = factories.CooperativeFactory(province_code=8, commune_code=2266)
    theirs = ready_product(stranger, sku="X-1")
    sign_in(client, member)
    page = client.get(f"/exports/check?marketplace=shopee&cooperative={stranger.id}")
    assert "Hãy chọn hợp tác xã trong danh sách." in page.get_data(as_text=True)
    response = client.post(
        "/exports/download",
        data={"marketplace": "shopee", "cooperative": [stranger.id], "product": [theirs.id]},
    )
    assert response.status_code == 400
    assert client.get(f"/exports/products/{theirs.id}").status_code == 403
    assert coop.id != stranger.id


def test_the_cli_writes_the_pack_and_records_it(runner, db, tmp_path, coop_tq):
    ready_product(coop_tq)
    out = tmp_path / "google.zip"
    result = runner.invoke(
        args=["export", "google", "--cooperative", coop_tq.slug, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "1 variants of 1 products" in result.output
    pack = open_pack(out.read_bytes())
    _headers, rows = sheet_rows(pack, profiles.get("google"))
    assert rows[0]["price"] == "75000 VND" and rows[0]["availability"] == "in_stock"
    assert _db.session.scalar(_db.select(Export.via)) == "cli"
    bad = runner.invoke(args=["export", "google", "--cooperative", "khong-co", "--out", str(out)])
    assert bad.exit_code != 0 and "no cooperative khong-co" in bad.output
    unknown = runner.invoke(args=["export", "sendo", "--out", str(out)])
    assert unknown.exit_code != 0 and "sendo" in unknown.output


def test_staff_record_live_and_rejected_listings_and_buyers_see_where_to_buy(
    as_member, member, client, db
):
    coop = member.cooperative
    product = ready_product(coop)
    variant = product.variants[0]
    url = f"/exports/products/{product.id}"
    cell = {"form_name": "grid"}
    bad_url = {
        "cells": f"{variant.id}:shopee",
        "status": "live",
        "url_shopee": "javascript:alert(1)",
    }
    missing = as_member.post(url, data={**cell, **bad_url})
    assert missing.status_code == 200
    assert field_error(missing.get_data(as_text=True), "url_shopee").startswith("Dán đường link")
    no_reason = as_member.post(url, data={**cell, "cells": f"{variant.id}:tiktok",
                                          "status": "rejected", "reason": ""})  # fmt: skip
    assert field_error(no_reason.get_data(as_text=True), "reason") == "Ghi lý do sàn từ chối."
    assert _db.session.scalar(_db.select(Listing)) is None  # nothing half-saved

    shop = "https://shopee.vn/Lac-do-Lam-Binh-i.98231475.23811904562"
    done = as_member.post(url, data={**cell, "cells": f"{variant.id}:shopee",
                                     "status": "live", "url_shopee": shop})  # fmt: skip
    assert done.status_code == 302
    as_member.post(url, data={**cell, "cells": f"{variant.id}:tiktok",
                              "status": "rejected", "reason": "Thiếu bản tự công bố."})  # fmt: skip
    page = as_member.get(url).get_data(as_text=True)
    assert "Đang bán" in page and shop in page and "Thiếu bản tự công bố." in page
    check = as_member.get(f"/exports/check?marketplace=shopee&cooperative={coop.id}")
    assert f'<a href="{shop}" rel="noopener">Đang bán</a>' in check.get_data(as_text=True)
    tiktok = as_member.get(f"/exports/check?marketplace=tiktok&cooperative={coop.id}")
    assert "Bị từ chối" in tiktok.get_data(as_text=True)

    public = client.get(f"/c/{coop.slug}/p/{product.slug}").get_data(as_text=True)
    assert f'href="{shop}"' in public and "Mua tại Shopee" in public
    batch = save_batch(product, BatchData(code="LB-2611", produced_on=TODAY), TODAY)
    trace = client.get(f"/t/{batch.public_code}").get_data(as_text=True)
    assert "Mua tại Shopee" in trace and f'href="{shop}"' in trace
    assert "Mua tại TikTok" not in trace  # rejected is not live


def test_a_recalled_batch_shows_no_marketplace_links(as_member, member, client, db):
    coop = member.cooperative
    product = ready_product(coop)
    shop = "https://voso.vn/lac-do-p1875203"
    as_member.post(f"/exports/products/{product.id}", data={
        "form_name": "grid", "cells": f"{product.variants[0].id}:voso", "status": "live",
        "url_voso": shop})  # fmt: skip
    batch = save_batch(product, BatchData(code="LB-2612", produced_on=TODAY), TODAY)
    assert shop in client.get(f"/t/{batch.public_code}").get_data(as_text=True)
    recall_batch(batch, "Nấm mốc", "Không dùng, liên hệ HTX để đổi.", TODAY)
    trace = client.get(f"/t/{batch.public_code}").get_data(as_text=True)
    assert shop not in trace
    assert _db.session.get(ProductVariant, product.variants[0].id) is not None
