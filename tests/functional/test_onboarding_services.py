"""The onboarding services other features use: progress, reached steps, saving, the demo."""

import pytest
from sqlalchemy import select

from app.access import visible_cooperatives
from app.extensions import db as _db
from app.models import Cooperative, Marketplace, OnboardingStep, Step, User
from app.onboarding.demo import seed_onboarding
from app.onboarding.services import (
    StepData,
    progress,
    reached_steps,
    save_step,
    summary,
)
from app.services import ServiceError
from tests.support import factories
from tests.support.onboarding import SHOP_URL, TODAY, make_step, steps
from tests.support.queries import QueryCounter


@pytest.fixture
def three(db, coop_tq, coop_ld):
    third = factories.CooperativeFactory(province_code=8, commune_code=2215)
    for step in ("documents", "seller_account", "shop_approved", "first_order"):
        make_step(coop_tq, "voso", step)
    make_step(coop_tq, "voso", "training", status="not_applicable")
    make_step(coop_tq, "postmart", "documents", status="in_progress")
    make_step(coop_ld, "postmart", "documents")
    make_step(coop_ld, "postmart", "first_order")
    make_step(coop_ld, "voso", "documents")
    return coop_tq, coop_ld, third


def test_progress_per_cooperative_and_marketplace_in_one_query(db, three):
    tq, ld, third = three
    ids = [tq.id, ld.id, third.id]
    with QueryCounter(_db.engine) as queries:
        found = progress(ids)
    assert queries.count == 1
    assert found == {
        tq.id: {Marketplace.VOSO: (4, 6), Marketplace.POSTMART: (0, 7)},
        ld.id: {Marketplace.VOSO: (1, 7), Marketplace.POSTMART: (2, 7)},
        third.id: {},
    }
    assert list(found[ld.id]) == [Marketplace.VOSO, Marketplace.POSTMART]  # Voso.vn first
    assert progress([]) == {}


def test_progress_takes_a_select_of_cooperatives(db, three):
    tq, ld, _third = three
    found = progress(select(Cooperative).where(Cooperative.province_code == 68))
    assert found == {ld.id: {Marketplace.VOSO: (1, 7), Marketplace.POSTMART: (2, 7)}}


def test_reached_steps_counts_each_cooperative_once_on_any_marketplace(db, three):
    tq, ld, third = three
    everyone = select(Cooperative)
    with QueryCounter(_db.engine) as queries:
        reached = reached_steps(everyone)
    assert queries.count == 1
    assert reached == {
        Step.DOCUMENTS: 2,  # Di Linh has it on two marketplaces: counted once
        Step.SELLER_ACCOUNT: 1,
        Step.SHOP_APPROVED: 1,
        Step.PAYMENT_ACCOUNT: 0,
        Step.TRAINING: 0,  # not applicable is not done
        Step.FIRST_LISTING: 0,
        Step.FIRST_ORDER: 2,
    }
    assert reached_steps(everyone, Marketplace.POSTMART)[Step.DOCUMENTS] == 1
    assert reached_steps([third.id]) == dict.fromkeys(Step, 0)


def test_reached_steps_follows_the_viewers_area(db, three):
    tq, ld, _third = three
    officer = factories.OfficerFactory(areas__province_code=68)
    reached = reached_steps(visible_cooperatives(officer))
    assert reached[Step.DOCUMENTS] == 1 and reached[Step.SHOP_APPROVED] == 0


def test_summary_lists_the_national_marketplaces_and_those_started(db, three):
    tq, _ld, third = three
    make_step(tq, "tiktok", "documents", status="in_progress")
    rows = [(p.marketplace, p.done, p.applicable, p.percent) for p in summary(tq)]
    assert rows == [("voso", 4, 6, 67), ("postmart", 0, 7, 0), ("tiktok", 0, 7, 0)]
    assert [p.name for p in summary(third)] == ["Voso.vn", "Postmart.vn"]


def test_save_step_is_all_or_nothing(db, coop_tq, officer):
    data = StepData(status="done", done_on=TODAY, evidence_url="javascript:alert(1)")
    with pytest.raises(ServiceError) as caught:
        save_step(coop_tq, Marketplace.VOSO, Step.SHOP_APPROVED, data, TODAY, actor=officer)
    assert set(caught.value.errors) == {"evidence_url"}
    assert steps(db) == []
    data = StepData(status="done", done_on=TODAY, evidence_url=SHOP_URL)
    row = save_step(coop_tq, Marketplace.VOSO, Step.SHOP_APPROVED, data, TODAY, actor=officer)
    assert (row.status, row.confirmed_by_id, row.evidence_url) == ("done", officer.id, SHOP_URL)


def test_save_step_refuses_an_archived_cooperative(db, coop_tq, officer):
    coop_tq.status = "archived"
    _db.session.commit()
    with pytest.raises(ServiceError):
        save_step(
            coop_tq, Marketplace.VOSO, Step.TRAINING, StepData("in_progress"), TODAY, actor=officer
        )
    assert steps(db) == []


def test_seed_onboarding_is_believable_and_idempotent(db, demo):
    assert "onboarding htx-lam-binh voso first_order done" in "\n".join(demo)
    count = len(steps(db))
    assert seed_onboarding() == [] and len(steps(db)) == count
    coops = dict(_db.session.execute(select(Cooperative.slug, Cooperative.id)).all())
    found = progress(list(coops.values()))
    assert found[coops["htx-lam-binh"]][Marketplace.VOSO] == (7, 7)
    assert found[coops["htx-di-linh"]][Marketplace.POSTMART][0] == 2
    assert found[coops["htx-minh-xuan"]][Marketplace.VOSO] == (1, 7)
    officers = {
        u.id: u.email
        for u in _db.session.execute(select(User).where(User.role == "officer")).scalars()
    }
    done = [r for r in steps(db) if r.status == "done"]
    assert done and all(r.done_on <= TODAY and r.confirmed_by_id in officers for r in done)
    ld = [r for r in done if r.cooperative_id == coops["htx-di-linh"]]
    assert {officers[r.confirmed_by_id] for r in ld} == {"bao.khuyennong@lamdong.example.vn"}
    shop = _db.session.execute(
        select(OnboardingStep).where(
            OnboardingStep.cooperative_id == coops["htx-lam-binh"],
            OnboardingStep.step == Step.SHOP_APPROVED,
            OnboardingStep.marketplace == Marketplace.VOSO,
        )
    ).scalar_one()
    assert shop.evidence_url.startswith("https://voso.vn/")
