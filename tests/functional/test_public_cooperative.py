"""The public cooperative page /c/<slug>, its VietQR PNG and poster, and public media.

Read as a buyer reads it: no sign-in, only certificates valid today, only shops an officer
confirmed, the bank account as a scannable code, link previews (Open Graph) that name the
cooperative, and nothing private (representative, phone, email, certificate scans).
"""

import io
import re
from datetime import timedelta

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from app import storage, vietqr
from app.cooperatives.services import small_logo_key, store_logo
from app.extensions import db as _db
from app.models import CooperativeStatus
from app.public.demo import draw_logo
from tests.support import factories
from tests.support.certificates import TODAY, make_cert, png_bytes
from tests.support.html_pages import meta_properties, parse_html
from tests.support.onboarding import make_step

BASE = "https://lensan.example.vn"
AGRIBANK = dict(
    bank_bin="970405",
    bank_account_number="8700123456789",
    bank_account_holder="HTX NONG NGHIEP VA DICH VU LAM BINH",
)


@pytest.fixture(autouse=True)
def _public_base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", BASE)


def page(client, slug, **kwargs):
    response = client.get(f"/c/{slug}", **kwargs)
    assert response.status_code == 200, response.status
    return parse_html(response.get_data(as_text=True))


def section(doc, heading_id):
    """The <section> a heading labels (aria-labelledby)."""
    return doc.find("section", aria_labelledby=heading_id)


def with_bank(coop, **values):
    for key, value in dict(AGRIBANK, **values).items():
        setattr(coop, key, value)
    _db.session.commit()
    return coop


def with_logo(coop):
    coop.logo_key = store_logo(draw_logo("LB", (156, 61, 31)))
    _db.session.commit()
    return coop


def decode_png(data: bytes) -> list:
    return zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))


def rasterise_qr_svg(svg, scale: int = 8) -> Image.Image:
    """Draw the inline code (a white square and one path of ``M x y h w v1 h-w z`` runs)."""
    size = int(svg.attrs["viewbox"].split()[2])
    img = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(img)
    path = svg.find("path").attrs["d"]
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path):
        x, y, w = int(x), int(y), int(w)
        draw.rectangle((x * scale, y * scale, (x + w) * scale - 1, (y + 1) * scale - 1), fill=0)
    return img


# --- Who, where, in which language -------------------------------------------------------------


def test_anyone_sees_name_kind_and_place_in_vietnamese(client, coop_tq):
    response = client.get(f"/c/{coop_tq.slug}")
    assert response.status_code == 200  # no sign-in, no redirect to the login page
    doc = parse_html(response.get_data(as_text=True))
    assert doc.find("html").attrs["lang"] == "vi"
    assert doc.find("h1").text() == coop_tq.legal_name
    assert doc.find("p", cls="coop-meta").text() == "Hợp tác xã (HTX) · Xã Lâm Bình, Tuyên Quang"
    assert section(doc, "about-heading").find("h2").text() == "Thông tin chung"
    assert doc.find("title").text().startswith(coop_tq.short_name)


def test_the_language_switch_turns_the_page_into_english(client, coop_tq):
    make_cert(coop_tq, number="VG-EN-1")
    doc = page(client, coop_tq.slug)
    switch = doc.find("a", hreflang="en")
    assert switch.text() == "English"
    response = client.get(switch.attrs["href"])
    assert response.status_code == 302
    assert response.headers["Location"] == f"/c/{coop_tq.slug}"

    doc = page(client, coop_tq.slug)
    assert doc.find("html").attrs["lang"] == "en"
    assert section(doc, "about-heading").find("h2").text() == "Who they are"
    assert doc.find("p", cls="coop-meta").text() == "Cooperative (HTX) · Xã Lâm Bình, Tuyên Quang"
    card = section(doc, "certificates-heading").find("li", cls="card")
    assert card.find("p", cls="cert-valid").text().startswith("Valid until ")
    og = meta_properties(doc)
    assert og["og:locale"] == "en_US"
    assert og["og:description"] == (
        f"{coop_tq.legal_name}, Xã Lâm Bình, Tuyên Quang: "
        "who they are, their certificates and where to buy."
    )


def test_unknown_slug_is_404_everywhere(client, db):
    for path in ("/c/khong-co", "/c/khong-co/vietqr.png", "/c/khong-co/poster"):
        assert client.get(path).status_code == 404, path


def test_no_private_contact_details_are_shown(client, db):
    """The cooperative's phone is shown on purpose, as call and Zalo links (issue 19; the form
    says so at the field); not on the poster, and nothing else of its contacts."""
    coop = factories.CooperativeFactory(
        representative="Nguyễn Thị Đại Diện",
        phone="0912345678",
        email="chu-nhiem@htx-lam-binh.vn",
        registration_number="DKHTX-08-0042",
        legacy_address="Thôn Nà Cọn cũ",
        street="Thôn Nà Vài",
    )
    with_bank(coop)
    for path in (f"/c/{coop.slug}", f"/c/{coop.slug}/poster"):
        html = client.get(path).get_data(as_text=True)
        for private in ("Nguyễn Thị Đại Diện", "chu-nhiem@"):
            assert private not in html, (path, private)
        assert "mailto:" not in html
    assert "tel:" not in client.get(f"/c/{coop.slug}/poster").get_data(as_text=True)
    assert 'href="tel:0912345678"' in client.get(f"/c/{coop.slug}").get_data(as_text=True)
    # what a buyer may check against the business register is shown on purpose
    about = section(page(client, coop.slug), "about-heading")
    assert "Mã số thuế" in about.text() and coop.tax_code in about.text()
    assert "Thôn Nà Vài, Xã Lâm Bình, Tuyên Quang" in about.text()


# --- Certificates ------------------------------------------------------------------------------


def test_only_certificates_valid_today_are_shown_as_valid(client, coop_tq, coop_ld):
    make_cert(coop_tq, number="VG-CON-HAN", expires_on=TODAY + timedelta(days=300))
    make_cert(coop_tq, number="VG-HET-HOM-NAY", expires_on=TODAY)
    make_cert(coop_tq, number="VG-DA-HET-HAN", expires_on=TODAY - timedelta(days=1))
    make_cert(coop_tq, number="VG-CHUA-CO-HIEU-LUC", issued_on=TODAY + timedelta(days=1))
    make_cert(coop_tq, kind="ocop", ocop_stars=4, number="1578/QĐ-UBND", expires_on=None)
    make_cert(coop_ld, number="VG-HTX-KHAC")

    response = client.get(f"/c/{coop_tq.slug}")
    html = response.get_data(as_text=True)
    for hidden in ("VG-DA-HET-HAN", "VG-CHUA-CO-HIEU-LUC", "VG-HTX-KHAC"):
        assert hidden not in html  # not as valid, not as expired: not at all
    cards = section(parse_html(html), "certificates-heading").find_all("li", cls="card")
    by_number = {c.find("p").text().split(",")[0].removeprefix("Số "): c for c in cards}
    assert set(by_number) == {"1578/QĐ-UBND", "VG-CON-HAN", "VG-HET-HOM-NAY"}
    assert by_number["1578/QĐ-UBND"].find("h3").text() == "OCOP 4 sao"
    assert by_number["1578/QĐ-UBND"].find("p", cls="cert-valid").text() == (
        "Còn hiệu lực, không ghi thời hạn"
    )
    until = TODAY + timedelta(days=300)
    assert by_number["VG-CON-HAN"].find("p", cls="cert-valid").text() == (
        f"Còn hiệu lực đến {until:%d/%m/%Y}"
    )
    assert by_number["VG-HET-HOM-NAY"].find("p", cls="cert-valid").text() == (
        f"Còn hiệu lực đến {TODAY:%d/%m/%Y}"
    )
    assert cards[0] is by_number["1578/QĐ-UBND"]  # OCOP first


def test_a_cooperative_with_only_an_expired_certificate_says_it_has_none(client, coop_tq):
    make_cert(coop_tq, number="VG-CU", expires_on=TODAY - timedelta(days=30))
    doc = page(client, coop_tq.slug)
    certificates = section(doc, "certificates-heading")
    assert certificates.find("li") is None
    assert "VG-CU" not in certificates.text()
    assert certificates.find("p").text() == (
        "Chưa có chứng nhận còn hiệu lực nào được ghi nhận trên Lên Sàn."
    )
    assert doc.find(cls="cert-valid") is None


# --- Shops -------------------------------------------------------------------------------------


def test_only_shops_an_officer_confirmed_are_listed_with_their_url(client, coop_tq, coop_ld):
    note = "Mật khẩu gian hàng dán nhầm vào ghi chú"
    make_step(coop_tq, "postmart", "shop_approved", evidence_url="https://postmart.vn/shop/lb")
    make_step(
        coop_tq,
        "voso",
        "shop_approved",
        evidence_url="https://voso.vn/gian-hang/htx-lam-binh",
        evidence_note=note,
    )
    # recorded by a member, awaiting the officer: not a shop yet
    make_step(coop_tq, "shopee", "shop_approved", "in_progress", evidence_url="https://shopee.vn/x")
    # an account is not an approved shop
    make_step(coop_tq, "lazada", "seller_account", evidence_url="https://lazada.vn/seller")
    # a typed script is never turned into a link
    make_step(coop_tq, "tiktok", "shop_approved", evidence_url="javascript:alert(1)")
    make_step(coop_tq, "province", "shop_approved", evidence_url=None)
    make_step(coop_ld, "voso", "shop_approved", evidence_url="https://voso.vn/gian-hang/khac")

    response = client.get(f"/c/{coop_tq.slug}")
    html = response.get_data(as_text=True)
    shops = section(parse_html(html), "shops-heading")
    links = [(a.text(), a.attrs["href"]) for a in shops.find_all("a")]
    assert links == [  # marketplace order, whatever the order they were recorded in
        ("Gian hàng trên Voso.vn (mở trong thẻ mới)", "https://voso.vn/gian-hang/htx-lam-binh"),
        ("Gian hàng trên Postmart.vn (mở trong thẻ mới)", "https://postmart.vn/shop/lb"),
    ]
    for a in shops.find_all("a"):
        assert a.attrs["target"] == "_blank" and "noopener" in a.attrs["rel"].split()
    for hidden in ("shopee.vn", "lazada.vn", "javascript:", "gian-hang/khac", note, "TikTok"):
        assert hidden not in html


def test_no_confirmed_shop_says_so(client, coop_tq):
    make_step(coop_tq, "voso", "shop_approved", "in_progress", evidence_url="https://voso.vn/a")
    shops = section(page(client, coop_tq.slug), "shops-heading")
    assert shops.find("a") is None
    assert shops.find("p").text() == "Chưa có gian hàng trực tuyến nào được ghi nhận."


# --- Payment: the VietQR block, PNG and poster -------------------------------------------------


def test_the_payment_block_shows_the_account_and_its_code(client, coop_tq):
    with_bank(coop_tq)
    doc = page(client, coop_tq.slug)
    pay = section(doc, "pay-heading")
    assert pay.find("h2").text() == "Thanh toán bằng chuyển khoản"
    facts = [
        (dt.text(), dd.text())
        for dt, dd in zip(pay.find_all("dt"), pay.find_all("dd"), strict=True)
    ]
    assert facts == [
        ("Ngân hàng", "Agribank — Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
        ("Số tài khoản", "8700 1234 5678 9"),
        ("Chủ tài khoản", AGRIBANK["bank_account_holder"]),
    ]
    svg = pay.find("svg", cls="qr")
    assert svg.attrs["role"] == "img"
    assert svg.attrs["aria-label"] == (
        "Mã VietQR chuyển khoản vào tài khoản 8700123456789 tại Agribank"
    )
    # the inline code scans to the same payload as the PNG
    codes = zxingcpp.read_barcodes(rasterise_qr_svg(svg))
    assert [vietqr.parse(c.text).account for c in codes] == ["8700123456789"]
    # the poster is the cooperative's own tool: its link is for signed-in staff only
    assert pay.find("a", href=f"/c/{coop_tq.slug}/poster") is None


def test_the_poster_link_is_for_signed_in_staff_only(as_member, coop_tq):
    with_bank(coop_tq)
    pay = section(page(as_member, coop_tq.slug), "pay-heading")
    assert pay.find("a", href=f"/c/{coop_tq.slug}/poster") is not None


@pytest.mark.parametrize(
    "bank",
    [
        {},  # no account at all
        dict(bank_account_holder=None),  # incomplete
        dict(bank_bin="999999"),  # not a NAPAS member we know
    ],
)
def test_no_payment_block_without_a_complete_known_account(client, coop_tq, bank):
    if bank:
        with_bank(coop_tq, **bank)
    html = client.get(f"/c/{coop_tq.slug}").get_data(as_text=True)
    doc = parse_html(html)
    assert section(doc, "pay-heading") is None
    assert doc.find("svg", cls="qr") is None and "/poster" not in html
    assert client.get(f"/c/{coop_tq.slug}/vietqr.png").status_code == 404
    assert client.get(f"/c/{coop_tq.slug}/poster").status_code == 404


def test_vietqr_png_scans_to_exactly_the_coops_account(client, coop_tq):
    with_bank(coop_tq)
    response = client.get(f"/c/{coop_tq.slug}/vietqr.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.cache_control.max_age == 3600
    codes = decode_png(response.data)
    assert len(codes) == 1
    assert codes[0].format == zxingcpp.BarcodeFormat.QRCode
    expected = vietqr.build(vietqr.Transfer(bin="970405", account="8700123456789"))
    assert codes[0].text == expected
    transfer = vietqr.parse(codes[0].text)
    assert (transfer.bin, transfer.account, transfer.amount) == ("970405", "8700123456789", None)
    assert transfer.service == vietqr.TO_ACCOUNT


def test_vietqr_png_answers_304_while_the_account_is_unchanged(client, coop_tq):
    with_bank(coop_tq)
    url = f"/c/{coop_tq.slug}/vietqr.png"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and len(etag) > 10

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag

    with_bank(coop_tq, bank_account_number="8700999999999")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert vietqr.parse(decode_png(changed.data)[0].text).account == "8700999999999"


def test_poster_page_names_the_account_and_embeds_the_png(client, coop_tq):
    with_bank(coop_tq)
    response = client.get(f"/c/{coop_tq.slug}/poster")
    assert response.status_code == 200
    doc = parse_html(response.get_data(as_text=True))
    assert doc.find("h1").text() == coop_tq.legal_name
    assert doc.find("img", cls="poster-qr").attrs["src"] == f"/c/{coop_tq.slug}/vietqr.png"
    assert doc.find("dd", cls="poster-number").text() == "8700 1234 5678 9"
    assert doc.find("dd", cls="poster-holder").text() == AGRIBANK["bank_account_holder"]
    assert doc.find("p", cls="poster-url").text() == f"{BASE}/c/{coop_tq.slug}"
    assert doc.find("header", cls="site-header") is None  # only the sheet, no site frame


# --- Archived ----------------------------------------------------------------------------------


def test_an_archived_cooperative_keeps_its_page_but_sells_and_takes_nothing(client, coop_tq):
    with_bank(coop_tq)
    make_cert(coop_tq, number="VG-LUU-TRU")
    make_step(coop_tq, "voso", "shop_approved", evidence_url="https://voso.vn/gian-hang/lb")
    coop_tq.status = CooperativeStatus.ARCHIVED
    _db.session.commit()

    response = client.get(f"/c/{coop_tq.slug}")
    assert response.status_code == 200  # links already shared keep answering
    html = response.get_data(as_text=True)
    doc = parse_html(html)
    assert doc.find("h1").text() == coop_tq.legal_name
    assert (
        doc.find("p", cls="coop-archived")
        .text()
        .startswith("Hợp tác xã này không còn hoạt động trên Lên Sàn.")
    )
    assert section(doc, "pay-heading") is None
    assert AGRIBANK["bank_account_number"] not in html and "8700 1234" not in html
    assert "voso.vn/gian-hang/lb" not in html
    assert section(doc, "shops-heading").find("a") is None
    # the record is kept as it was: a certificate still in force is still listed
    assert "VG-LUU-TRU" in section(doc, "certificates-heading").text()
    assert client.get(f"/c/{coop_tq.slug}/vietqr.png").status_code == 404
    assert client.get(f"/c/{coop_tq.slug}/poster").status_code == 404


def test_an_active_cooperative_has_no_archived_notice(client, coop_tq):
    assert page(client, coop_tq.slug).find(cls="coop-archived") is None


# --- Open Graph --------------------------------------------------------------------------------


def test_open_graph_tags_describe_the_cooperative(client, coop_tq):
    coop_tq.description = "Dầu lạc ép lạnh từ giống lạc đỏ Lâm Bình."
    with_logo(coop_tq)
    doc = page(client, coop_tq.slug)
    og = meta_properties(doc)
    assert og["og:title"] == coop_tq.legal_name
    assert og["og:description"] == "Dầu lạc ép lạnh từ giống lạc đỏ Lâm Bình."
    assert og["description"] == og["og:description"]
    assert og["og:url"] == f"{BASE}/c/{coop_tq.slug}"
    assert doc.find("link", rel="canonical").attrs["href"] == og["og:url"]
    assert og["og:locale"] == "vi_VN"
    assert og["og:type"] == "website"
    assert og["og:image"] == f"{BASE}/media/{coop_tq.logo_key}"  # the 512-px PNG, not the WebP
    assert og["og:image:type"] == "image/png"
    assert (og["og:image:width"], og["og:image:height"]) == ("512", "512")

    image = client.get(og["og:image"].removeprefix(BASE))
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert Image.open(io.BytesIO(image.data)).size == (512, 512)
    # the page itself shows the small rendition
    assert doc.find("img", cls="coop-logo").attrs["src"] == (
        f"/media/{small_logo_key(coop_tq.logo_key)}"
    )


def test_open_graph_without_a_logo_or_description(client, coop_tq):
    og = meta_properties(page(client, coop_tq.slug))
    assert "og:image" not in og
    assert og["og:description"] == (
        f"{coop_tq.legal_name}, Xã Lâm Bình, Tuyên Quang: "
        "giới thiệu, chứng nhận và nơi mua sản phẩm."
    )


def test_a_long_description_is_cut_at_a_word_for_link_previews(client, coop_tq):
    coop_tq.description = "Lạc đỏ Lâm Bình trồng trên nương. " * 20
    _db.session.commit()
    og = meta_properties(page(client, coop_tq.slug))
    assert len(og["og:description"]) <= 200
    assert og["og:description"].endswith("nương.…") or og["og:description"].endswith("…")
    assert coop_tq.description.startswith(og["og:description"].removesuffix("…"))


# --- /media/<key> ------------------------------------------------------------------------------


def test_a_public_logo_is_served_with_a_long_cache(client, coop_tq):
    with_logo(coop_tq)
    for key, mimetype in (
        (coop_tq.logo_key, "image/png"),
        (small_logo_key(coop_tq.logo_key), "image/webp"),
    ):
        response = client.get(f"/media/{key}")
        assert response.status_code == 200, key
        assert response.mimetype == mimetype
        assert response.cache_control.max_age == 365 * 24 * 3600
        assert response.cache_control.immutable
        assert response.data == storage.read(key)


def test_private_folders_are_never_served(client, db):
    for folder in ("certs", "proofs"):
        key = storage.save(png_bytes(), folder, "png")
        assert storage.path_for(key).is_file()  # the file is there, and still:
        assert client.get(f"/media/{key}").status_code == 404, key


def test_path_tricks_and_unknown_keys_are_404(client, coop_tq):
    with_logo(coop_tq)
    secret = storage.save(png_bytes(), "certs", "png")
    digest = secret.split("/")[-1]
    attempts = [
        f"/media/logos/../{secret}",
        f"/media/logos/%2e%2e/{secret}",
        f"/media/logos/..%2f{secret}",
        f"/media/logos/{secret.split('/', 1)[1]}",  # a private file's name under logos/: absent
        f"/media/{coop_tq.logo_key}/../../../{secret}",
        f"/media/{coop_tq.logo_key.rsplit('.', 1)[0]}.svg",
        "/media/logos/aa/" + "0" * 64 + ".png",
        "/media//etc/passwd",
        "/media/../instance/secret_key",
        f"/media/logos/{digest[:2]}/{digest}",
    ]
    for path in attempts:
        assert client.get(path, follow_redirects=True).status_code == 404, path
