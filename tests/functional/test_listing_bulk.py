"""Listing status in bulk: the grid of variants × marketplaces and pasted live addresses,
all or nothing, and the onboarding step "first listing live" they complete."""

from datetime import timedelta

import pytest

from app.clock import local_today
from app.dashboard.services import Filters, Stage, filtered_cooperatives, funnel
from app.extensions import db as _db
from app.models import Cooperative, Listing, OnboardingStep, Step, User
from tests.support import factories
from tests.support.activity import last_id, log
from tests.support.html_pages import parse_html

TODAY = local_today()
SHOPEE = "https://shopee.vn/Lac-do-Lam-Binh-i.98231475.23811904562"
VOSO = "https://voso.vn/lac-do-lam-binh-p1875203"


@pytest.fixture
def product(db, coop_tq):
    """A product with three sizes."""
    item = factories.ProductFactory(cooperative=coop_tq, name="Lạc đỏ Lâm Bình")
    for sku, name in (("LB-250", "Túi 250 g"), ("LB-500", "Túi 500 g"), ("LB-1000", "Túi 1 kg")):
        factories.ProductVariantFactory(product=item, sku=sku, name=name, price_vnd=50_000)
    _db.session.refresh(item)
    return item


def _listings():
    _db.session.expire_all()
    return {
        (x.variant.sku, x.marketplace): (x.status.value, x.live_url, x.rejection_reason)
        for x in _db.session.scalars(_db.select(Listing))
    }


def _step(coop, marketplace):
    _db.session.expire_all()
    return _db.session.scalar(
        _db.select(OnboardingStep).where(
            OnboardingStep.cooperative_id == coop.id,
            OnboardingStep.marketplace == marketplace,
            OnboardingStep.step == Step.FIRST_LISTING,
        )
    )


def _error(html, node_id):
    node = parse_html(html).by_id(node_id)
    return node.text().strip() if node else ""


def _grid(client, product, cells, status="live", **values):
    data = {"form_name": "grid", "status": status, "cells": cells, **values}
    return client.post(f"/exports/products/{product.id}", data=data)


def test_three_variants_on_two_marketplaces_in_one_submit(as_officer, officer, product, coop_tq):
    cells = [f"{v.id}:{m}" for v in product.variants for m in ("shopee", "voso")]
    response = _grid(as_officer, product, cells, url_shopee=SHOPEE, url_voso=VOSO)
    assert response.status_code == 302
    found = _listings()
    assert len(found) == 6
    assert found["LB-500", "shopee"] == ("live", SHOPEE, "")
    assert found["LB-1000", "voso"] == ("live", VOSO, "")
    page = as_officer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu trạng thái của 6 tin đăng." in page
    for marketplace, url in (("shopee", SHOPEE), ("voso", VOSO)):
        step = _step(coop_tq, marketplace)
        assert step.status == "done" and step.done_on == TODAY
        assert step.confirmed_by_id == officer.id and step.evidence_url == url
    entries = log("onboarding_step")
    assert {e.changes["status"][1] for e in entries} == {"done"}
    assert len(entries) == 2 and all(e.actor_id == officer.id for e in entries)
    assert len(log("listing", "changed")) == 6


def test_one_bad_address_saves_nothing(as_officer, product, coop_tq):
    cells = [f"{v.id}:{m}" for v in product.variants for m in ("shopee", "lazada")]
    lazada_on_shopee = "https://www.lazada.vn/products/lac-do-i2281934-s1120491.html"
    response = _grid(as_officer, product, cells, url_shopee=lazada_on_shopee, url_lazada="")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _error(html, "url_shopee-error") == "Đây là đường link trên Lazada, không phải Shopee."
    assert _error(html, "url_lazada-error").startswith("Dán đường link")
    assert f'value="{product.variants[0].id}:shopee" id' in html and "checked" in html  # kept
    assert _listings() == {} and _step(coop_tq, "shopee") is None
    no_reason = _grid(as_officer, product, cells[:1], status="rejected", reason="")
    assert _error(no_reason.get_data(as_text=True), "reason-error") == "Ghi lý do sàn từ chối."
    nothing = _grid(as_officer, product, [])
    assert "Đánh dấu ít nhất một phân loại" in nothing.get_data(as_text=True)
    assert _listings() == {}


def test_rejected_and_back_to_draft_in_bulk(as_officer, product):
    cells = [f"{v.id}:tiktok" for v in product.variants]
    _grid(as_officer, product, cells, status="rejected", reason="Thiếu bản tự công bố.")
    assert {v for k, v in _listings().items()} == {("rejected", None, "Thiếu bản tự công bố.")}
    _grid(as_officer, product, cells[:2], status="draft")
    assert sorted(s for s, _u, _r in _listings().values()) == ["draft", "draft", "rejected"]


def test_a_done_step_is_never_downgraded_nor_redated(as_officer, officer, product, coop_tq):
    earlier = TODAY - timedelta(days=40)
    factories.OnboardingStepFactory(
        cooperative_id=coop_tq.id, marketplace="shopee", step="first_listing", status="done",
        done_on=earlier, evidence_url="https://shopee.vn/Dau-lac-i.1.2", confirmed_by_id=None,
    )  # fmt: skip
    mark = last_id()
    _grid(as_officer, product, [f"{product.variants[0].id}:shopee"], url_shopee=SHOPEE)
    step = _step(coop_tq, "shopee")
    assert (step.done_on, step.evidence_url) == (earlier, "https://shopee.vn/Dau-lac-i.1.2")
    _grid(as_officer, product, [f"{product.variants[0].id}:shopee"], status="draft")
    assert _step(coop_tq, "shopee").status == "done"
    assert log("onboarding_step", after=mark) == []


def test_a_member_records_the_step_in_progress_for_the_officer(as_member, product, coop_tq):
    _grid(as_member, product, [f"{product.variants[0].id}:voso"], url_voso=VOSO)
    step = _step(coop_tq, "voso")
    assert step.status == "in_progress" and step.evidence_url == VOSO
    assert step.done_on is None and step.confirmed_by_id is None


def test_marketplaces_without_a_checklist_leave_the_steps_alone(as_officer, product, coop_tq):
    _grid(as_officer, product, [f"{product.variants[0].id}:google"], url_google=SHOPEE + "x")
    assert _listings() and _db.session.scalar(_db.select(OnboardingStep)) is None


def test_an_officer_outside_the_area_is_refused(client, product, db):
    outsider = factories.OfficerFactory(areas__province_code=68, password="correct horse 42")
    client.post("/auth/login", data={"login": outsider.email, "password": "correct horse 42"})
    cells = [f"{product.variants[0].id}:shopee"]
    assert _grid(client, product, cells, url_shopee=SHOPEE).status_code == 403
    assert client.get(f"/exports/products/{product.id}").status_code == 403
    paste = {"form_name": "paste", "urls": SHOPEE}
    assert client.post(f"/exports/products/{product.id}", data=paste).status_code == 403
    assert _listings() == {}


def _paste(client, product, urls, **choices):
    data = {"form_name": "paste", "urls": urls, **choices}
    return client.post(f"/exports/products/{product.id}", data=data)


def test_pasted_addresses_of_a_one_variant_product_are_saved_at_once(as_officer, coop_tq):
    item = factories.ProductFactory(cooperative=coop_tq, name="Miến dong")
    factories.ProductVariantFactory(product=item, sku="MD-500", name="Gói 500 g")
    _db.session.refresh(item)
    response = _paste(as_officer, item, f"{SHOPEE}\n\n  {VOSO}  \n")
    assert response.status_code == 302
    assert _listings() == {("MD-500", "shopee"): ("live", SHOPEE, ""),
                           ("MD-500", "voso"): ("live", VOSO, "")}  # fmt: skip
    assert _step(coop_tq, "voso").evidence_url == VOSO


def test_bad_lines_are_refused_at_their_number_and_nothing_is_saved(as_officer, product):
    text = f"{SHOPEE}\nhttps://tiki.vn/lac-do-p123.html\n\nkhông phải link\n{SHOPEE}"
    html = _paste(as_officer, product, text).get_data(as_text=True)
    error = _error(html, "urls-error")
    assert "Dòng 2: không sàn nào" in error
    assert "Dòng 4: đây không phải đường link" in error
    assert "Dòng 5: trùng với đường link ở dòng 1." in error
    assert "Dòng 1" not in error and "Dòng 3" not in error
    assert "tiki.vn/lac-do-p123.html" in html  # the text is kept to correct
    assert _listings() == {}


def test_several_variants_ask_which_each_address_sells(as_officer, product, coop_tq):
    small, medium, large = product.variants
    text = f"{SHOPEE}\n{VOSO}\nhttps://voso.vn/lac-do-1kg-p1875299"
    ask = _paste(as_officer, product, text).get_data(as_text=True)
    assert 'name="variant-1"' in ask and 'name="variant-3"' in ask and _listings() == {}
    assert "Dòng 2, Voso.vn:" in ask
    missing = _paste(as_officer, product, text, step="confirm", **{"variant-1": "all"})
    html = missing.get_data(as_text=True)
    assert _error(html, "variant-2-error") == "Dòng 2: Chọn phân loại mà đường link này bán."
    assert _listings() == {}  # nothing half-saved
    twice = {"variant-1": "all", "variant-2": str(medium.id), "variant-3": str(medium.id)}
    html = _paste(as_officer, product, text, step="confirm", **twice).get_data(as_text=True)
    assert "Dòng 3:" in _error(html, "variant-3-error") and _listings() == {}
    chosen = {"variant-1": "all", "variant-2": str(medium.id), "variant-3": str(large.id)}
    assert _paste(as_officer, product, text, step="confirm", **chosen).status_code == 302
    found = _listings()
    assert {k for k in found if k[1] == "shopee"} == {
        ("LB-250", "shopee"), ("LB-500", "shopee"), ("LB-1000", "shopee")
    }  # fmt: skip
    assert found["LB-1000", "voso"][1] == "https://voso.vn/lac-do-1kg-p1875299"
    assert ("LB-250", "voso") not in found
    assert _step(coop_tq, "voso").evidence_url == VOSO  # the first live address on Voso


def test_the_demo_shows_a_step_completed_by_a_live_listing_and_labels_counted(demo):
    lam_binh = _db.session.scalar(_db.select(Cooperative).where(Cooperative.slug == "htx-lam-binh"))
    step = _step(lam_binh, "shopee")  # the demo's Shopee listing went live through the service
    assert step.status == "done" and step.done_on == TODAY
    assert step.evidence_url.startswith("https://shopee.vn/")
    lan = _db.session.get(User, step.confirmed_by_id)
    assert lan.email == "lan.khuyennong@tuyenquang.example.vn"
    assert _step(lam_binh, "voso").done_on < TODAY  # the demo's earlier tick stands
    stages = {s.stage: s.count for s in funnel(filtered_cooperatives(lan, Filters(), TODAY))}
    assert stages[Stage.LABELS_PRINTED] >= 1 and stages[Stage.FIRST_LISTING] >= 1


def test_channels_without_known_addresses_are_folded_until_used(as_officer, product):
    html = as_officer.get(f"/exports/products/{product.id}").get_data(as_text=True)
    folded = html[html.index('<details class="listing-more">') : html.index("</details>")]
    assert 'data-marketplace="google"' in folded and 'data-marketplace="shopee"' not in folded
    _grid(as_officer, product, [f"{product.variants[0].id}:google"], url_google=SHOPEE + "x")
    html = as_officer.get(f"/exports/products/{product.id}").get_data(as_text=True)
    folded = html[html.index('<details class="listing-more">') : html.index("</details>")]
    assert 'data-marketplace="google"' not in folded  # listed there now: shown open


def test_a_not_applicable_step_is_done_once_a_listing_is_live(as_officer, product, coop_tq):
    factories.OnboardingStepFactory(
        cooperative_id=coop_tq.id, marketplace="lazada", step="first_listing",
        status="not_applicable",
    )  # fmt: skip
    lazada = "https://www.lazada.vn/products/lac-do-i2281934-s1120491.html"
    _grid(as_officer, product, [f"{product.variants[0].id}:lazada"], url_lazada=lazada)
    step = _step(coop_tq, "lazada")
    assert (step.status, step.done_on, step.evidence_url) == ("done", TODAY, lazada)


def test_an_archived_cooperatives_checklist_is_left_as_it_was(as_admin, product, coop_tq):
    coop_tq.status = "archived"
    _db.session.commit()
    _grid(as_admin, product, [f"{product.variants[0].id}:voso"], url_voso=VOSO)
    assert _listings()[product.variants[0].sku, "voso"][0] == "live"
    assert _step(coop_tq, "voso") is None


def test_an_address_already_recorded_suggests_its_variant(as_officer, product):
    medium = product.variants[1]
    _grid(as_officer, product, [f"{medium.id}:voso"], url_voso=VOSO)
    every = [f"{v.id}:shopee" for v in product.variants]
    _grid(as_officer, product, every, url_shopee=SHOPEE)
    html = _paste(as_officer, product, f"{VOSO}\n{SHOPEE}").get_data(as_text=True)
    page = parse_html(html)

    def selected(select_id):
        return [
            o.attrs["value"]
            for o in page.by_id(select_id).find_all("option")
            if "selected" in o.attrs
        ]

    assert selected("variant-1") == [str(medium.id)]
    assert selected("variant-2") == ["all"]
