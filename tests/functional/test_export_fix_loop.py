"""The readiness check's fix loop (issue 20): every "Fix" link carries the way back, each form
it opens goes back there on saving (and keeps the way through a refused form), never to
another site; a claim without its certificate offers its two real fixes; the marketplace is
switched on the page; a product that cannot be ticked says why; the title's length is shown
against the marketplace's limit; the cooperatives are ticks."""

import io
import re
from datetime import timedelta
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.exports import profiles
from app.extensions import db as _db
from app.models import Product
from app.redirects import safe_path
from tests.support.certificates import VALID as OCOP_CERTIFICATE
from tests.support.exports import TODAY, certificate, fix_links, link, ready_product
from tests.support.fuzz import forms_on
from tests.support.html_pages import parse_html
from tests.support.product_images import photo

EVIL = ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "/\t/evil.example",
        "javascript:alert(1)", "evil.example", "http:/evil.example"]  # fmt: skip


def _check_url(coop, marketplace="shopee") -> str:
    return f"/exports/check?marketplace={marketplace}&cooperative={coop.id}"


def _back(coop, product, marketplace="shopee") -> str:
    return f"{_check_url(coop, marketplace)}#product-{product.id}"


def _form(app, client, href: str, endpoint: str):
    """Open ``href`` as the browser would (the anchor stays in the browser) and find the form
    that posts to ``endpoint``."""
    url = href.split("#")[0]
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.get_data(as_text=True)
    forms = [f for f in forms_on(app, url, html) if f.endpoint == endpoint]
    return html, forms[0]  # the form's own action (not a button's formaction)


def _sent(form, **changes) -> dict:
    """The form's values as shown, then ``changes``; a select with no option chosen sends its
    first, empty, option, as a browser does (the fuzz helper picks a real one)."""
    data = {f.name: f.value for f in form.fields.values() if f.value not in (None, [])}
    if "standard_kind" in data:
        data["standard_kind"] = ""  # the products the tests make have none
    data.update(changes)
    return data


def _href(html: str, path: str) -> str:
    """The full href of the page's link whose path (and anchor) is ``path``."""
    for node in parse_html(html).find_all("a"):
        href = node.attrs.get("href") or ""
        parts = urlsplit(href)
        if parts.path + (f"#{parts.fragment}" if parts.fragment else "") == path:
            return href
    raise AssertionError(f"no link to {path}")


def test_the_product_form_goes_back_to_the_check_at_the_product(app, as_member, member, db):
    coop = member.cooperative
    product = ready_product(coop, name="Lạc đỏ Lâm Bình 🥜", sku="LB-LAC-1")  # an emoji
    product.variants[0].package_weight_g = None
    _db.session.commit()
    back = _back(coop, product)
    html = as_member.get(_check_url(coop)).get_data(as_text=True)
    weight = f"/products/{product.id}/edit#variants-0-package_weight_g"
    assert {(weight, back), (f"/products/{product.id}/edit#name", back)} <= fix_links(html)

    page, form = _form(app, as_member, _href(html, weight), "products.edit")
    back_link = parse_html(page).find("a", href=back)  # "← Back to the readiness check"
    assert back_link is not None and "Về trang kiểm tra sẵn sàng" in back_link.text()
    refused = as_member.post(form.action, data=_sent(form, **{"variants-0-price_vnd": "abc"}))
    assert refused.status_code == 200  # shown again with its error, at the same address
    assert parse_qs(urlsplit(form.action).query)["next"] == [back]
    assert "Về trang kiểm tra sẵn sàng" in refused.get_data(as_text=True)

    saved = as_member.post(form.action, data=_sent(form, **{"variants-0-package_weight_g": "520"}))
    assert saved.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', saved.get_data(True))
    assert saved.location == back  # one load back, at the product
    again = as_member.get(back.split("#")[0]).get_data(as_text=True)
    assert "Nhập khối lượng gói hàng" not in again
    assert "biểu tượng cảm xúc" in again  # the other blocker, still shown

    page, form = _form(
        app, as_member, _href(again, f"/products/{product.id}/edit#name"), "products.edit"
    )
    name = "Lạc đỏ Lâm Bình loại 1 Tuyên Quang"
    saved = as_member.post(form.action, data=_sent(form, name=name))
    assert saved.location == back
    again = as_member.get(back.split("#")[0]).get_data(as_text=True)
    assert f'name="product" value="{product.id}" checked' in again


def test_the_certificate_and_photo_forms_go_back_to_the_check(app, as_member, member, db):
    coop = member.cooperative
    product = ready_product(coop, photo_size=None)  # no photo yet
    expired = certificate(coop, kind="vietgap", number="VG-CU", expires_in=-3)
    link(product, expired)
    _db.session.commit()
    back = _back(coop, product)
    html = as_member.get(_check_url(coop)).get_data(as_text=True)
    certificate_page = f"/cooperatives/{coop.id}/certificates/{expired.id}/edit"
    assert {(certificate_page, back), (f"/products/{product.id}/images/", back)} <= fix_links(html)

    _page, form = _form(app, as_member, _href(html, certificate_page), "certificates.edit")
    refused = as_member.post(form.action, data=_sent(form, issued_on=""))
    assert refused.status_code == 200 and "Về trang kiểm tra sẵn sàng" in refused.get_data(True)
    renewed = _sent(form, expires_on=(TODAY + timedelta(days=200)).isoformat())
    saved = as_member.post(form.action, data=renewed, content_type="multipart/form-data")
    assert saved.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', saved.get_data(True))
    assert saved.location == back

    page, form = _form(app, as_member, _href(html, f"/products/{product.id}/images/"),
                       "product_images.upload")  # fmt: skip
    assert parse_qs(urlsplit(form.action).query)["next"] == [back]
    data = _sent(form, photos=(io.BytesIO(photo((1200, 1200))), "lac.jpg"))
    saved = as_member.post(form.action, data=data, content_type="multipart/form-data")
    assert saved.status_code == 302 and saved.location == back
    again = as_member.get(back.split("#")[0]).get_data(as_text=True)
    assert "đã hết hạn" not in again and "cần ít nhất 1 ảnh" not in again


def test_an_ocop_claim_offers_its_two_real_fixes(app, as_member, member, db):
    coop = member.cooperative
    named = ready_product(coop, name="Dầu lạc Lâm Bình OCOP 3 sao chai 500 ml", sku="LB-D-1")
    described = ready_product(
        coop, sku="LB-D-2", description="Dầu lạc ép lạnh, sản phẩm OCOP của tỉnh Tuyên Quang."
    )
    html = as_member.get(_check_url(coop)).get_data(as_text=True)
    links = fix_links(html)
    remove = f"/products/{named.id}/edit#name"
    add = f"/cooperatives/{coop.id}/certificates/new"
    assert (remove, _back(coop, named)) in links
    assert (f"/products/{described.id}/edit#description", _back(coop, described)) in links
    section = parse_html(html).find("section", aria_labelledby=f"product-{named.id}").text()
    assert (
        "có chữ “OCOP 3 sao”" in section
        and "Bỏ chữ OCOP" in section
        and "Thêm giấy chứng nhận OCOP" in section
    )
    assert "Đánh dấu giấy chứng nhận OCOP" not in section  # the cooperative holds none

    href = _href(html, add)  # the first: the named product's
    assert parse_qs(urlsplit(href).query)["kind"] == ["ocop"]
    page, form = _form(app, as_member, href, "certificates.create")
    assert form.fields["kind"].value == "ocop"  # preselected, with its stars to choose
    assert {"3", "4", "5"} <= set(form.fields["ocop_stars"].options)
    assert "gắn luôn với sản phẩm Dầu lạc Lâm Bình OCOP 3 sao" in page
    data = _sent(form, **{k: v for k, v in OCOP_CERTIFICATE.items() if k != "kind"})
    saved = as_member.post(form.action, data=data, content_type="multipart/form-data")
    assert saved.status_code == 302 and saved.location == _back(coop, named)
    assert [c.number for c in _db.session.get(Product, named.id).certificates] == ["1578/QĐ-UBND"]
    again = as_member.get(_check_url(coop)).get_data(as_text=True)
    section = parse_html(again).find("section", aria_labelledby=f"product-{named.id}").text()
    assert "có chữ “OCOP" not in section and "Bỏ chữ OCOP" not in section  # blocker gone

    # The other product: the cooperative now holds an OCOP certificate to tick, or the words go.
    section = parse_html(again).find("section", aria_labelledby=f"product-{described.id}")
    assert "Đánh dấu giấy chứng nhận OCOP của HTX" in section.text()
    _page, form = _form(app, as_member, _href(again, f"/products/{described.id}/edit#description"),
                        "products.edit")  # fmt: skip
    saved = as_member.post(
        form.action, data=_sent(form, description="Dầu lạc ép lạnh nguyên chất, lắng lọc tự nhiên.")
    )
    assert saved.location == _back(coop, described)
    assert "có chữ “OCOP" not in as_member.get(_check_url(coop)).get_data(as_text=True)


@pytest.mark.parametrize("target", EVIL)
def test_a_way_back_to_another_site_is_not_followed(as_member, member, db, target):
    coop = member.cooperative
    product = ready_product(coop)
    data = {k: v for k, v in _edit_form(as_member, product).items()}
    saved = as_member.post(f"/products/{product.id}/edit", query_string={"next": target}, data=data)
    assert saved.status_code == 302 and saved.location == f"/products/{product.id}"
    new = as_member.post(f"/cooperatives/{coop.id}/certificates/new",
                         query_string={"next": target}, data=OCOP_CERTIFICATE)  # fmt: skip
    assert new.location == f"/cooperatives/{coop.id}#certificates"


def _edit_form(client, product) -> dict:
    html = client.get(f"/products/{product.id}/edit").get_data(as_text=True)
    forms = forms_on(client.application, f"/products/{product.id}/edit", html)
    return _sent(next(f for f in forms if f.endpoint == "products.edit"))


@given(st.text(max_size=40))
def test_a_way_back_accepted_stays_on_this_site(target):
    kept = safe_path(target)
    if kept is not None:
        resolved = urlsplit(urljoin("https://lensan.example/products/1/edit", kept))
        assert resolved.netloc == "lensan.example" and resolved.scheme == "https"
        assert "\\" not in kept and not any(ord(c) < 0x20 for c in kept)


def test_the_marketplace_is_switched_on_the_check_page(as_member, member, db):
    coop = member.cooperative
    ready_product(coop)
    html = as_member.get(_check_url(coop, "voso")).get_data(as_text=True)
    nav = parse_html(html).find("nav", cls="marketplace-switch")
    hrefs = {a.attrs["href"]: a for a in nav.find_all("a")}
    assert set(hrefs) == {_check_url(coop, p) for p in profiles.all_profiles()}
    assert hrefs[_check_url(coop, "voso")].attrs.get("aria-current") == "page"
    shopee = as_member.get(_check_url(coop, "shopee")).get_data(as_text=True)
    assert "Mức sẵn sàng lên Shopee" in shopee


def test_what_cannot_be_ticked_says_why_and_titles_show_their_limit(as_member, member, db):
    coop = member.cooperative
    long_name = "Lạc đỏ Lâm Bình " + "hạt nhỏ vỏ lụa đỏ sẫm trồng trên nương " * 3
    blocked = ready_product(coop, name=long_name.strip(), sku="LB-L-1")
    blocked.variants[0].package_weight_g = None
    _db.session.commit()
    html = as_member.get(_check_url(coop)).get_data(as_text=True)
    doc = parse_html(html)
    tick = doc.find("input", name="product", value=str(blocked.id))
    assert "disabled" in tick.attrs and tick.attrs["aria-describedby"] == f"why-{blocked.id}"
    assert doc.by_id(f"why-{blocked.id}").text() == "Chưa đánh dấu được: Tên quá dài"
    length = doc.find("span", cls="title-length")
    assert length.text().endswith("/120 ký tự") and "over-limit" in length.attrs["class"]
    button = doc.find("button", cls="primary")
    assert "disabled" in button.attrs and button.attrs["aria-describedby"] == "download-why"
    why = doc.by_id("download-why")
    assert why.text() == "Chưa có phân loại nào sẵn sàng: hãy sửa các lỗi ở trên."
    assert why.attrs["data-none-ticked"] == "Hãy đánh dấu ít nhất một sản phẩm để xuất."

    ready = ready_product(coop, sku="LB-OK-1")
    doc = parse_html(as_member.get(_check_url(coop)).get_data(as_text=True))
    assert "disabled" not in doc.find("button", cls="primary").attrs
    assert doc.by_id("download-why").text() == "" and doc.by_id(f"why-{ready.id}") is None
    fine = [s for s in doc.find_all("span", cls="title-length") if "over" not in s.attrs["class"]]
    assert fine and re.fullmatch(r"\d{2}/120 ký tự", fine[0].text())


def test_cooperatives_are_chosen_by_ticks_and_kept_when_changing_the_choice(
    as_officer, officer, db
):
    from tests.support import factories

    first = factories.CooperativeFactory(province_code=8, commune_code=2266)
    second = factories.CooperativeFactory(province_code=8, commune_code=2266)
    html = as_officer.get("/exports/").get_data(as_text=True)
    doc = parse_html(html)
    assert doc.find("select", name="cooperative") is None
    ticks = doc.find_all("input", type="checkbox", name="cooperative")
    assert {t.attrs["value"] for t in ticks} >= {str(first.id), str(second.id)}
    assert "hidden" in doc.find("p", cls="coop-search").attrs  # shown by exports.js
    check = as_officer.get(_check_url(second, "voso")).get_data(as_text=True)
    back = parse_html(check).find("main").find("a").attrs["href"]
    chosen = parse_html(as_officer.get(back).get_data(as_text=True))
    tick = chosen.find("input", name="cooperative", value=str(second.id))
    assert "checked" in tick.attrs
    assert "checked" not in chosen.find("input", name="cooperative", value=str(first.id)).attrs


def test_the_cooperative_form_goes_back_to_the_check(app, as_member, member, db):
    coop = member.cooperative
    product = ready_product(coop)
    coop.street = "Thôn Nà Va, ĐT 0209.3456.789"
    _db.session.commit()
    back = _back(coop, product)
    html = as_member.get(_check_url(coop)).get_data(as_text=True)
    street = f"/cooperatives/{coop.id}/edit#street"
    assert (street, back) in fix_links(html)
    page, form = _form(app, as_member, _href(html, street), "cooperatives.edit")
    assert parse_html(page).find("a", href=back) is not None
    data = _sent(form, street="Thôn Nà Va", bank_bin="")  # the factory's has no bank
    saved = as_member.post(form.action, data=data, content_type="multipart/form-data")
    assert saved.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', saved.get_data(True))
    assert saved.location == back
    again = as_member.get(_check_url(coop)).get_data(as_text=True)
    assert "0209.3456.789" not in again
    assert f'name="product" value="{product.id}" checked' in again
