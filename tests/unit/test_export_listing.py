"""Titles, the Decree 85 description and what blocks a listing, on plain records."""

from dataclasses import replace
from datetime import date, timedelta
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from app.exports import profiles
from app.exports.listing import (
    CertificateInfo,
    CooperativeInfo,
    PhotoInfo,
    ProductInfo,
    VariantInfo,
    describe,
    describe_html,
    suggest_title,
)
from app.exports.readiness import check
from app.exports.rows import prepare
from app.vietnamese import in_vietnamese

TODAY = date(2026, 11, 29)
COOP = CooperativeInfo(1, "htx-lam-binh", "Hợp tác xã Nông nghiệp Lâm Bình", "HTX Lâm Bình",
                       "Thôn Nà Va, Xã Lâm Bình, Tuyên Quang")  # fmt: skip
VARIANT = VariantInfo(
    11, 0, "LB-LAC-500", "Túi 500 g", 75_000, 40, None, "500", "g", 520, 20, 14, 5
)
PEANUTS = ProductInfo(
    id=1, slug="lac-do", name="Lạc đỏ Lâm Bình", category="grains_nuts.peanuts",
    status="active", unit="túi", cooperative=COOP, origin="Xã Lâm Bình, Tuyên Quang",
    origin_province="Tuyên Quang", product_url="https://lensan.vn/c/htx-lam-binh/p/lac-do",
    trace_url="https://lensan.vn/01/08936047120017", image_base="https://lensan.vn/media/",
    description="Lạc đỏ hạt nhỏ, vỏ lụa đỏ sẫm, trồng trên nương.", shelf_life_days=180,
    storage_instructions="Nơi khô ráo.", usage_instructions="Rang hoặc luộc.",
    ingredients="100% lạc đỏ.", warnings="Có chứa lạc.", gtin="08936047120017",
    variants=(VARIANT,), photos=(PhotoInfo("images/aa/" + "a" * 64 + "-square1.jpg", 1200, 900),),
    today=TODAY,
)  # fmt: skip
SHOPEE = profiles.get("shopee")


def codes(product, profile=SHOPEE) -> set[str]:
    readiness = check(prepare(product, profile), profile)
    return {p.code for p in readiness.problems_of(product.variants[0]) if p.blocking}


def test_the_title_is_product_origin_cooperative_pack_size():
    assert (
        suggest_title(PEANUTS, VARIANT, 120) == "Lạc đỏ Lâm Bình Tuyên Quang HTX Lâm Bình túi 500 g"
    )
    # Parts the name already says are not repeated.
    named = replace(PEANUTS, name="Lạc đỏ Tuyên Quang HTX Lâm Bình túi 500 g")
    assert suggest_title(named, VARIANT, 120) == named.name
    # Too long: the cooperative goes first, then the origin; the pack size stays.
    assert suggest_title(PEANUTS, VARIANT, 45) == "Lạc đỏ Lâm Bình Tuyên Quang túi 500 g"
    assert suggest_title(PEANUTS, VARIANT, 30) == "Lạc đỏ Lâm Bình túi 500 g"


@given(st.text(min_size=1, max_size=200), st.integers(min_value=10, max_value=300))
def test_a_title_never_loses_the_name_and_fits_when_the_name_does(name, maximum):
    product = replace(PEANUTS, name=name)
    title = suggest_title(product, VARIANT, maximum)
    assert title.startswith(name)
    if len(name) + len(" túi 500 g") <= maximum:
        assert len(title) <= maximum


def test_the_description_carries_the_decree_85_label_content_and_no_batch_date():
    text = describe(PEANUTS)
    for words in (
        "Tên sản phẩm: Lạc đỏ Lâm Bình",
        "Định lượng: Túi 500 g",
        "Thành phần: 100% lạc đỏ.",
        "Hướng dẫn sử dụng: Rang",
        "Hướng dẫn bảo quản: Nơi khô ráo.",
        "Cảnh báo: Có chứa lạc.",
        "Hạn sử dụng: 6 tháng kể từ ngày sản xuất",
        "Xuất xứ: Xã Lâm Bình, Tuyên Quang, Việt Nam",
        "Tổ chức chịu trách nhiệm: Hợp tác xã Nông nghiệp Lâm Bình, Thôn Nà Va",
        "https://lensan.vn/01/08936047120017",
    ):
        assert words in text
    assert "2026" not in text  # no production or expiry date: those are per batch


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open, self.seen = [], set()

    def handle_starttag(self, tag, attrs):
        assert tag not in self.open, f"<{tag}> inside <{tag}>"
        assert not attrs
        self.open.append(tag)
        self.seen.add(tag)

    def handle_endtag(self, tag):
        assert self.open.pop() == tag


def test_the_html_description_uses_only_tags_tiktok_accepts_never_nested():
    product = replace(PEANUTS, description="Lạc <b>ngon</b> & rẻ\nHai dòng")
    parser = Tags()
    parser.feed(describe_html(product))
    assert parser.seen <= {"p", "img", "ul", "ol", "li", "br", "strong", "b", "i", "em", "u"}
    assert "&lt;b&gt;ngon&lt;/b&gt; &amp; rẻ" in describe_html(product)


def test_a_ready_product_has_nothing_blocking_it():
    assert codes(PEANUTS) == set()


def test_what_blocks_a_listing():
    v = VARIANT
    assert "weight_missing" in codes(
        replace(PEANUTS, variants=(replace(v, package_weight_g=None),))
    )
    assert "weight_range" in codes(
        replace(PEANUTS, variants=(replace(v, package_weight_g=300_001),))
    )
    assert "dimensions" in codes(replace(PEANUTS, variants=(replace(v, height_cm=None),)))
    assert "price" in codes(replace(PEANUTS, variants=(replace(v, price_vnd=180_000_001),)))
    assert "sku" in codes(replace(PEANUTS, variants=(replace(v, sku="X" * 51),)))
    assert "net_quantity" in codes(replace(PEANUTS, variants=(replace(v, net_quantity=""),)))
    assert "image_small" in codes(replace(PEANUTS, photos=(PhotoInfo("k", 480, 480),)))
    assert "images_missing" in codes(replace(PEANUTS, photos=()))
    assert "title_long" in codes(replace(PEANUTS, name="Lạc " * 40))
    assert "draft" in codes(replace(PEANUTS, status="draft"))
    assert "title_characters" in codes(replace(PEANUTS, name="Lạc đỏ Lâm Bình 🥜 siêu ngon"))
    assert "title_characters" in codes(replace(PEANUTS, name="Lạc đỏ Lâm Bình 花生"))
    assert "title_characters" not in codes(replace(PEANUTS, name="Dầu lạc Lâm Bình OCOP 3★"))
    assert "gtin" in codes(replace(PEANUTS, gtin="08936047120018"))
    assert {"ingredients", "storage", "usage", "shelf_life"} <= codes(
        replace(PEANUTS, ingredients="", storage_instructions="", usage_instructions="",
                shelf_life_days=None)
    )  # fmt: skip
    crafts = replace(PEANUTS, category="handicrafts.weaving", ingredients="", shelf_life_days=None)
    assert codes(crafts) == set()  # not food: no food label content asked


def test_a_short_name_gets_a_title_of_its_own_or_is_blocked():
    short = replace(PEANUTS, name="Lạc", origin_province="", cooperative=replace(COOP, brand=""))
    assert "title_short" in codes(short)
    problem = next(
        p
        for p in check(prepare(short, SHOPEE), SHOPEE).problems_of(VARIANT)
        if p.code == "title_short"
    )
    assert (problem.fix, problem.field) == ("product", "name")
    assert "cần ít nhất 25" in in_vietnamese(problem.message)


def _cert(kind, days_left, stars=None, id_=1):
    return CertificateInfo(id_, kind, f"{kind}-01", "Chi cục", TODAY - timedelta(days=300),
                           TODAY + timedelta(days=days_left), stars)  # fmt: skip


def test_certificates_expired_expiring_and_claims_without_one():
    expired = replace(PEANUTS, certificates=(_cert("vietgap", -1),))
    assert "certificate_expired" in codes(expired)
    problem = check(prepare(expired, SHOPEE), SHOPEE).product_problems[0]
    assert (problem.fix, problem.certificate_id) == ("certificate", 1)
    expiring = check(
        prepare(replace(PEANUTS, certificates=(_cert("vietgap", 30),)), SHOPEE), SHOPEE
    )
    assert [(p.code, p.blocking) for p in expiring.product_problems] == [
        ("certificate_expiring", False)
    ]

    says = replace(PEANUTS, description="Lạc đạt chuẩn VietGAP, sản phẩm OCOP 4 sao.")
    assert "claim" in codes(says)
    with_vietgap = replace(says, certificates=(_cert("vietgap", 300), _cert("ocop", 300, 3, 2)))
    assert "claim" in codes(with_vietgap)  # OCOP 4 claimed, 3 held
    with_both = replace(says, certificates=(_cert("vietgap", 300), _cert("ocop", 300, 4, 2)))
    assert codes(with_both) == set()
    assert "claim" in codes(replace(PEANUTS, name="Lạc hữu cơ Lâm Bình Tuyên Quang"))
    assert codes(replace(PEANUTS, description="Không dùng phân bón hóa học.")) == set()


@given(st.text(max_size=80))
def test_any_description_is_judged_without_error(words):
    product = replace(PEANUTS, description=words)
    readiness = check(prepare(product, SHOPEE), SHOPEE)
    assert all(in_vietnamese(p.message) for p in readiness.problems_of(VARIANT))
