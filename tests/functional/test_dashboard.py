"""The officers' dashboard: area scoping, filters, funnel, key counts and the .xlsx report."""

import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from app.clock import local_today
from app.extensions import db as _db
from app.models import LabelRun, User
from tests.support import factories

TODAY = local_today()


def _done(db, cooperative, marketplace, *steps, status="done"):
    for step in steps:
        factories.OnboardingStepFactory(
            cooperative_id=cooperative.id,
            marketplace=marketplace,
            step=step,
            status=status,
            done_on=TODAY if status == "done" else None,
        )


def _certificate(db, cooperative, expires_in_days, number="VG-1"):
    factories.CertificateFactory(
        cooperative=cooperative,
        number=number,
        issuer="Công ty CP Chứng nhận Việt Bắc",
        issued_on=TODAY - timedelta(days=300),
        expires_on=TODAY + timedelta(days=expires_in_days),
    )


def _figure(html, name):
    found = re.search(rf'data-figure="{name}"><span class="num">(\d+)</span>', html)
    assert found, name
    return int(found.group(1))


def _stages(html):
    """{stage: count or None} read from the funnel SVG the page carries."""
    svg = re.search(r'<svg class="funnel".*?</svg>', html, re.S).group(0)
    stages = {}
    for match in re.finditer(r'<g class="funnel-stage[^"]*" data-stage="(\w+)"([^>]*)>', svg):
        count = re.search(r'data-count="(\d+)"', match.group(2))
        stages[match.group(1)] = int(count.group(1)) if count else None
    return stages


@pytest.fixture
def area(db, coop_tq, coop_ld):
    """Three cooperatives in Tuyên Quang at different stages, one in Lâm Đồng far along."""
    second = factories.CooperativeFactory(province_code=8, commune_code=2266)
    third = factories.CooperativeFactory(province_code=8, commune_code=2215)
    _done(db, coop_tq, "voso", "documents", "seller_account", "first_listing", "first_order")
    _done(db, coop_tq, "postmart", "documents", "seller_account")
    _done(db, second, "postmart", "documents", "seller_account")
    _done(db, second, "voso", "seller_account", status="in_progress")
    _done(db, coop_ld, "voso", "seller_account", "first_listing", "first_order")
    _certificate(db, coop_tq, 30)
    _certificate(db, third, 200, number="VG-2")
    _certificate(db, coop_ld, 10, number="VG-3")
    return {"first": coop_tq, "second": second, "third": third, "outside": coop_ld}


def test_officer_sees_only_their_area_in_figures_and_funnel(as_officer, area):
    html = as_officer.get("/dashboard/").get_data(as_text=True)
    assert _figure(html, "cooperatives") == 3
    assert _figure(html, "with_listing") == 1
    assert _figure(html, "with_order") == 1
    assert _figure(html, "expiring") == 1  # Lâm Đồng's certificate is not theirs
    assert _stages(html) == {
        "registered": 3,
        "products_ready": 0,
        "labels_printed": 0,
        "seller_account": 2,  # two cooperatives, counted once each across marketplaces
        "first_listing": 1,
        "first_order": 1,
    }
    assert area["outside"].display_name not in html
    assert area["first"].display_name in html and area["third"].display_name in html


def test_admin_counts_everyone(as_admin, area):
    html = as_admin.get("/dashboard/").get_data(as_text=True)
    assert _figure(html, "cooperatives") == 4
    assert _stages(html)["first_order"] == 2
    assert _figure(html, "expiring") == 2


def test_funnel_follows_the_marketplace_filter(as_officer, area):
    html = as_officer.get("/dashboard/?marketplace=postmart").get_data(as_text=True)
    stages = _stages(html)
    assert stages["registered"] == 3
    assert stages["seller_account"] == 2
    assert stages["first_listing"] == 0
    assert "Postmart.vn" in html


def test_step_filter_lists_who_is_done_and_who_is_not(as_officer, area):
    done = as_officer.get("/dashboard/?step=first_order&state=done").get_data(as_text=True)
    assert _figure(done, "cooperatives") == 1
    assert f'data-cooperative="{area["first"].slug}"' in done
    todo = as_officer.get("/dashboard/?step=seller_account&marketplace=voso&state=todo")
    todo = todo.get_data(as_text=True)
    # The second cooperative's Voso seller account is in progress, not done.
    assert {m for m in re.findall(r'data-cooperative="([\w-]+)"', todo)} == {
        area["second"].slug,
        area["third"].slug,
    }


def test_commune_and_expiring_filters(as_officer, area):
    html = as_officer.get("/dashboard/?commune=2215").get_data(as_text=True)
    assert re.findall(r'data-cooperative="([\w-]+)"', html) == [area["third"].slug]
    html = as_officer.get("/dashboard/?expiring=y").get_data(as_text=True)
    assert re.findall(r'data-cooperative="([\w-]+)"', html) == [area["first"].slug]
    assert "VG-1" in html


def test_tampered_filters_are_ignored_not_obeyed(as_officer, area):
    # A commune outside the officer's area, unknown marketplace and step: all dropped.
    html = as_officer.get(
        "/dashboard/?commune=25000&marketplace=amazon&step=drop+table&page=-3"
    ).get_data(as_text=True)
    assert _figure(html, "cooperatives") == 3
    assert area["outside"].display_name not in html


def test_progress_per_marketplace_on_the_cards(as_officer, area):
    html = as_officer.get("/dashboard/").get_data(as_text=True)
    card = re.search(
        rf'data-cooperative="{area["first"].slug}">(.*?)</li>\s*</ul>\s*</li>', html, re.S
    ).group(1)
    assert '<progress max="7" value="4">' in card  # Voso: 4 of 7 steps
    assert '<progress max="7" value="2">' in card  # Postmart: 2 of 7


def test_not_applicable_steps_leave_the_count(db, as_officer, area):
    _done(db, area["third"], "lazada", "documents")
    _done(db, area["third"], "lazada", "training", status="not_applicable")
    html = as_officer.get("/dashboard/").get_data(as_text=True)
    assert '<progress max="6" value="1">' in html


def test_visits_this_year_reach_the_key_counts(db, as_officer, officer, area):
    factories.SupportVisitFactory(
        officer=officer,
        kind="training",
        visited_on=TODAY,
        people_guided=25,
        cooperatives=[area["first"], area["second"]],
    )
    factories.SupportVisitFactory(
        officer=officer,
        visited_on=date(TODAY.year - 1, 12, 30),
        topic="Hướng dẫn mở gian hàng",
        people_guided=9,
        cooperatives=[area["first"]],
    )
    factories.SupportVisitFactory(
        officer=officer,
        visited_on=TODAY,
        province_code=68,
        commune_code=25000,
        topic="Khác",
        people_guided=40,
        cooperatives=[area["outside"]],
    )
    html = as_officer.get("/dashboard/").get_data(as_text=True)
    assert _figure(html, "visits") == 1
    assert _figure(html, "people") == 25


def test_the_member_sees_their_own_cooperative_without_filters(as_member, member, area):
    html = as_member.get("/dashboard/").get_data(as_text=True)
    assert re.findall(r'data-cooperative="([\w-]+)"', html) == [area["first"].slug]
    assert 'class="filters"' not in html
    assert as_member.get("/dashboard/report.xlsx").status_code == 403


def test_report_has_the_same_figures(as_officer, area):
    response = as_officer.get("/dashboard/report.xlsx?marketplace=voso")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    summary = book["Tổng hợp"]
    values = {row[0]: row[1:] for row in summary.iter_rows(values_only=True) if row[0]}
    assert values["Sàn thương mại điện tử"][0] == "Voso.vn"
    assert values["Hợp tác xã"][0] == 3
    assert values["Chứng nhận hết hạn trong 60 ngày tới"][0] == 1
    assert values["Đã đăng ký"][:2] == (3, 1)
    assert values["Tài khoản người bán"][0] == 1  # only the first has it done on Voso
    assert values["Sản phẩm sẵn sàng"][0] == 0
    assert values["Đã in tem"][:2] == (0, 0)
    rows = list(book["Hợp tác xã"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    first = next(r for r in rows if r[0] == area["first"].legal_name)
    assert first[1:5] == ("Xã Lâm Bình", "Tuyên Quang", 1, "4/7")
    assert [
        r[2] for r in book["Chứng nhận sắp hết hạn"].iter_rows(min_row=2, values_only=True)
    ] == ["VG-1"]


def test_report_keeps_formula_like_names_as_text(db, as_officer):
    factories.CooperativeFactory(legal_name='=HYPERLINK("http://x","bấm")', province_code=8)
    book = load_workbook(io.BytesIO(as_officer.get("/dashboard/report.xlsx").data))
    cell = book["Hợp tác xã"]["A2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"
    assert cell.quotePrefix


def test_report_in_english(as_officer, area):
    as_officer.get("/auth/language/en")
    book = load_workbook(io.BytesIO(as_officer.get("/dashboard/report.xlsx").data))
    assert book.sheetnames == ["Summary", "Cooperatives", "Expiring certificates"]


def test_dashboard_pages_through_many_cooperatives(db, as_officer):
    for _ in range(55):
        factories.CooperativeFactory(province_code=8, commune_code=2266)
    first = as_officer.get("/dashboard/").get_data(as_text=True)
    assert len(re.findall(r'data-cooperative="', first)) == 50
    assert _figure(first, "cooperatives") == 55
    second = as_officer.get("/dashboard/?page=2").get_data(as_text=True)
    assert len(re.findall(r'data-cooperative="', second)) == 5


def test_archived_cooperatives_leave_the_dashboard(db, as_officer, area):
    area["second"].status = "archived"
    db.session.commit()
    html = as_officer.get("/dashboard/").get_data(as_text=True)
    assert _figure(html, "cooperatives") == 2
    assert area["second"].display_name not in html


def test_officer_limited_to_a_commune(db, client, area):
    officer = factories.OfficerFactory(areas__province_code=8, areas__commune_code=2215)
    officer = db.session.get(User, officer.id)
    client.post("/auth/login", data={"login": officer.email, "password": "correct horse 42"})
    html = client.get("/dashboard/").get_data(as_text=True)
    assert re.findall(r'data-cooperative="([\w-]+)"', html) == [area["third"].slug]


def test_products_ready_counts_cooperatives_with_a_product_on_sale_and_a_photo(
    db, as_officer, area
):
    def product(cooperative, slug, status, photo):
        item = factories.ProductFactory(
            cooperative=cooperative, slug=slug, name="Lạc đỏ", status=status
        )
        if photo:
            factories.ProductImageFactory(product=item, original_key=f"images/aa/{slug}.jpg")

    product(area["first"], "a", "active", True)
    product(area["first"], "b", "active", True)  # counted once per cooperative
    product(area["second"], "c", "active", False)  # no photo yet
    product(area["third"], "d", "draft", True)  # not on sale
    product(area["outside"], "e", "active", True)  # outside the officer's area
    db.session.commit()
    html = as_officer.get("/dashboard/").get_data(as_text=True)
    assert _stages(html)["products_ready"] == 1


def _label_run(cooperative, status="done"):
    batch = factories.BatchFactory(product=factories.ProductFactory(cooperative=cooperative))
    _db.session.add(LabelRun(batch_id=batch.id, template="a4-4x10", count=40, status=status))
    _db.session.commit()


def test_labels_printed_counts_cooperatives_with_a_label_run(db, as_officer, area):
    _label_run(area["first"])
    _label_run(area["first"])  # counted once per cooperative
    _label_run(area["second"], status="failed")  # nothing was printed
    _label_run(area["outside"])  # outside the officer's area
    html = as_officer.get("/dashboard/").get_data(as_text=True)
    assert _stages(html)["labels_printed"] == 1
    assert "Đã in tem: 1" in html  # the chart's text alternative
    assert "chưa ghi nhận" not in html
    _label_run(area["third"], status="queued")  # on its way to the printer
    book = load_workbook(io.BytesIO(as_officer.get("/dashboard/report.xlsx").data))
    values = {row[0]: row[1:] for row in book["Tổng hợp"].iter_rows(values_only=True) if row[0]}
    assert values["Đã in tem"][:2] == (2, 2 / 3)
    narrowed = as_officer.get("/dashboard/?commune=2215").get_data(as_text=True)
    assert _stages(narrowed)["labels_printed"] == 1  # the filters narrow it too
