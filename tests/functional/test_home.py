"""Each role's home: a member's to-dos (each appears, links to its fix and disappears once
fixed), the officer's cooperatives that need help (scoped to their area), the landing page
per role, and a cost in queries that does not grow with the data."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.clock import local_today
from app.extensions import db as _db
from app.models import LabelRun, OnboardingStep
from tests.support import factories
from tests.support.clients import sign_in
from tests.support.queries import QueryCounter

TODAY = local_today()


def _home(client) -> str:
    response = client.get("/dashboard/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _todos(html) -> list[str]:
    return re.findall(r'data-todo="(\w+)"', html)


def _link(html, kind) -> str:
    item = re.search(rf'data-todo="{kind}">.*?<a href="([^"]+)"', html, re.S)
    assert item, kind
    return item.group(1).replace("&amp;", "&")


def _product(coop, **values):
    return factories.ProductFactory(cooperative=coop, **values)


def _printed(batch):
    _db.session.add(LabelRun(batch_id=batch.id, template="a4-4x10", count=40, status="done"))
    _db.session.commit()


def test_nothing_to_do_shows_the_done_state(as_member):
    html = _home(as_member)
    assert _todos(html) == ["none"]
    assert "Đã xong hết" in html
    assert 'class="funnel"' not in html  # the funnel is the officers'


def test_a_product_without_a_photo_until_one_is_added(as_member, coop_tq):
    product = _product(coop_tq, name="Mật ong bạc hà")
    html = _home(as_member)
    assert _todos(html) == ["product_photo"]
    assert "Mật ong bạc hà" in html
    assert _link(html, "product_photo") == f"/products/{product.id}/images/#photos"
    assert as_member.get(_link(html, "product_photo").split("#")[0]).status_code == 200
    factories.ProductImageFactory(product=product)
    assert _todos(_home(as_member)) == ["none"]


@pytest.mark.parametrize(
    ("days", "kind"), [(12, "certificate_expiring"), (-3, "certificate_expired")]
)
def test_a_certificate_due_until_it_is_renewed(as_member, coop_tq, days, kind):
    cert = factories.CertificateFactory(cooperative=coop_tq, expires_on=TODAY + timedelta(days))
    html = _home(as_member)
    assert _todos(html) == [kind]
    assert cert.number in html
    url = f"/cooperatives/{coop_tq.id}/certificates/{cert.id}/edit#expires_on"
    assert _link(html, kind) == url
    page = as_member.get(url.split("#")[0]).get_data(as_text=True)
    assert 'id="expires_on"' in page
    factories.CertificateFactory(  # the renewed paper
        cooperative=coop_tq, issued_on=TODAY, expires_on=TODAY + timedelta(days=700)
    )
    assert _todos(_home(as_member)) == ["none"]


def test_a_certificate_far_from_expiry_is_no_to_do(as_member, coop_tq):
    factories.CertificateFactory(cooperative=coop_tq, expires_on=TODAY + timedelta(days=31))
    assert _todos(_home(as_member)) == ["none"]


def test_a_batch_without_harvest_or_labels_until_both_are_recorded(as_member, coop_tq):
    product = _product(coop_tq)
    factories.ProductImageFactory(product=product)
    batch = factories.BatchFactory(product=product, code="LB-LAC-26-09")
    html = _home(as_member)
    assert _todos(html) == ["batch_harvest", "batch_labels"]
    harvest = _link(html, "batch_harvest")
    assert harvest == f"/trace/batches/{batch.id}/events/new?kind=harvest#kind"
    form = as_member.get(harvest.split("#")[0]).get_data(as_text=True)
    assert re.search(
        r'<option[^>]*selected[^>]*value="harvest"|<option value="harvest" selected', form
    )
    assert _link(html, "batch_labels") == f"/labels/new?batch={batch.id}#count"
    factories.TraceEventFactory(batch=batch, kind="harvest")
    assert _todos(_home(as_member)) == ["batch_labels"]
    _printed(batch)
    assert _todos(_home(as_member)) == ["none"]


def test_a_batch_made_from_other_batches_needs_no_harvest(as_member, coop_tq):
    product = _product(coop_tq)
    factories.ProductImageFactory(product=product)
    peanuts = factories.BatchFactory(product=product, status="closed")
    oil = factories.BatchFactory(product=product, inputs=[peanuts])
    _printed(oil)
    assert _todos(_home(as_member)) == ["none"]


def test_a_product_on_sale_not_live_anywhere_until_a_listing_is_live(as_member, coop_tq):
    product = _product(coop_tq, status="active")
    factories.ProductImageFactory(product=product)
    variant = factories.ProductVariantFactory(product=product)
    html = _home(as_member)
    assert _todos(html) == ["listing"]
    assert _link(html, "listing") == f"/exports/products/{product.id}"
    factories.ListingFactory(variant=variant, marketplace="voso", status="ready")
    assert _todos(_home(as_member)) == ["listing"]
    factories.ListingFactory(
        variant=variant, marketplace="postmart", status="live", live_url="https://postmart.vn/sp/1"
    )
    assert _todos(_home(as_member)) == ["none"]


def test_to_dos_come_most_important_first_and_are_capped(as_member, coop_tq):
    for n in range(11):
        _product(coop_tq, name=f"Sản phẩm {n:02d}")
    factories.CertificateFactory(cooperative=coop_tq, expires_on=TODAY + timedelta(days=5))
    html = _home(as_member)
    assert _todos(html) == ["certificate_expiring"] + ["product_photo"] * 7
    assert 'data-more="4"' in html and "và 4 việc khác" in html


def test_shortcuts_open_the_event_form_of_the_three_latest_open_batches(as_member, coop_tq):
    product = _product(coop_tq)
    batches = [factories.BatchFactory(product=product) for _ in range(4)]
    factories.BatchFactory(product=product, status="closed")
    html = _home(as_member)
    shown = [int(b) for b in re.findall(r'data-batch="(\d+)"', html)]
    assert shown == [b.id for b in reversed(batches[1:])]
    assert f'href="/trace/batches/{shown[0]}/events/new"' in html
    assert 'href="/trace/batches/new"' in html and 'href="/products/new"' in html


def test_another_cooperatives_data_is_never_a_members_to_do(as_member, coop_ld):
    _product(coop_ld)
    factories.CertificateFactory(cooperative=coop_ld, expires_on=TODAY)
    assert _todos(_home(as_member)) == ["none"]


# --- landing per role ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "officer", "admin"])
def test_everyone_lands_on_their_own_home(client, db, coop_tq, role):
    if role == "officer":
        user = factories.OfficerFactory(areas__province_code=8, password="correct horse 42")
    else:
        cooperative = coop_tq if role == "member" else None
        user = factories.UserFactory(
            role=role, cooperative=cooperative, password="correct horse 42"
        )
    response = client.post(
        "/auth/login", data={"login": user.email, "password": "correct horse 42"}
    )
    assert response.headers["Location"] == "/dashboard/"
    html = _home(client)
    nav = re.search(r"<nav[^>]*main-nav.*?</nav>", html, re.S).group(0)
    if role == "member":
        assert 'id="todo-heading"' in html and "Việc cần làm" in nav
        assert 'id="needs-heading"' not in html and 'class="funnel"' not in html
    else:
        assert html.index('id="needs-heading"') < html.index('class="funnel"')
        assert 'id="todo-heading"' not in html and "Tổng quan" in nav


# --- the officer's cooperatives that need help -----------------------------------------------


def _needs(html) -> dict[str, list[str]]:
    found = {}
    for slug, body in re.findall(r'data-needs="([\w-]+)">(.*?)</li>\s*</ul>', html, re.S):
        found[slug] = re.findall(r'data-reason="(\w+)"', body)
    return found


def _stalled(coop, days):
    step = factories.OnboardingStepFactory(
        cooperative_id=coop.id, marketplace="voso", step="seller_account", status="in_progress"
    )
    _db.session.get(OnboardingStep, step.id).updated_at = datetime.now(UTC) - timedelta(days)
    _db.session.commit()
    return step


def test_officer_sees_their_areas_cooperatives_that_need_help_most_urgent_first(
    as_officer, coop_tq, coop_ld
):
    product = _product(coop_tq)
    factories.BatchFactory(product=product)  # open, nothing printed
    stalled = factories.CooperativeFactory(province_code=8, commune_code=2215)
    _product(stalled)
    _stalled(stalled, 20)
    expired = factories.CooperativeFactory(province_code=8, commune_code=2215)
    _product(expired)
    factories.CertificateFactory(cooperative=expired, expires_on=TODAY - timedelta(days=2))
    factories.CertificateFactory(cooperative=coop_ld, expires_on=TODAY - timedelta(days=9))
    html = _home(as_officer)
    needs = _needs(html)
    assert list(needs) == [expired.slug, stalled.slug, coop_tq.slug]  # never Lâm Đồng's
    assert needs[expired.slug] == ["certificate_expired"]
    assert needs[stalled.slug] == ["stalled_step"]
    assert needs[coop_tq.slug] == ["no_labels"]
    assert "20 ngày" in html
    assert f'href="/cooperatives/{stalled.id}/onboarding/voso/seller_account"' in html
    assert f'href="/trace/batches/?status=open&amp;cooperative={coop_tq.id}"' in html


def test_a_fresh_step_in_progress_is_not_stalled_and_a_new_cooperative_needs_a_product(
    as_officer, coop_tq
):
    _stalled(coop_tq, 3)
    html = _home(as_officer)
    assert _needs(html) == {coop_tq.slug: ["no_product"]}
    assert f'href="/products/new?cooperative={coop_tq.id}"' in html
    _product(coop_tq)
    assert 'data-needs="none"' in _home(as_officer)


def test_blocked_listings_send_the_officer_to_the_readiness_check(as_officer, coop_tq):
    variant = factories.ProductVariantFactory(product=_product(coop_tq))
    factories.ListingFactory(variant=variant, marketplace="voso", status="draft")
    html = _home(as_officer)
    assert _needs(html) == {coop_tq.slug: ["blocked"]}
    assert "1 phân loại bị chặn trên Voso.vn" in html
    assert f'href="/exports/check?cooperative={coop_tq.id}&amp;marketplace=voso"' in html


def test_the_admin_sees_every_province(as_admin, coop_tq, coop_ld):
    assert set(_needs(_home(as_admin))) == {coop_tq.slug, coop_ld.slug}


# --- a fixed number of queries, whatever the data ----------------------------------------------


def _fill(coop, n):
    for i in range(n):
        product = _product(coop, status="active", name=f"Sản phẩm {coop.id}-{i}")
        factories.ProductVariantFactory(product=product)
        factories.BatchFactory(product=product)
        factories.CertificateFactory(cooperative=coop, expires_on=TODAY + timedelta(days=i))


def _queries(client) -> int:
    with QueryCounter(_db.engine) as counter:
        _home(client)
    return counter.count


def test_the_member_home_costs_the_same_queries_for_one_or_many_rows(app, db, member, coop_tq):
    client = sign_in(app.test_client(), member)
    _fill(coop_tq, 1)
    few = _queries(client)
    _fill(coop_tq, 15)
    assert _queries(client) == few <= 12


def test_the_officer_home_costs_the_same_queries_for_few_or_many_cooperatives(
    app, db, officer, coop_tq
):
    client = sign_in(app.test_client(), officer)
    _fill(coop_tq, 1)
    few = _queries(client)
    for _ in range(12):
        coop = factories.CooperativeFactory(province_code=8, commune_code=2215)
        _fill(coop, 2)
        _stalled(coop, 30)
    assert _queries(client) == few
