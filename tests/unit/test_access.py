"""The one rule for acting on a cooperative, and its list-query twin agree."""

import pytest

from app.access import can_act_on_cooperative, visible_cooperatives
from tests.support import factories


@pytest.fixture
def coops(db):
    return {
        "lam_binh": factories.CooperativeFactory(province_code=8, commune_code=2266),
        "minh_xuan": factories.CooperativeFactory(province_code=8, commune_code=2215),
        "di_linh": factories.CooperativeFactory(province_code=68, commune_code=25000),
    }


def _visible(db, user):
    return {c.id for c in db.session.execute(visible_cooperatives(user)).scalars()}


def test_admin_sees_all(db, coops, admin):
    assert all(can_act_on_cooperative(admin, c) for c in coops.values())
    assert _visible(db, admin) == {c.id for c in coops.values()}


def test_province_officer(db, coops, officer):
    allowed = {c.id for c in coops.values() if can_act_on_cooperative(officer, c)}
    assert allowed == {coops["lam_binh"].id, coops["minh_xuan"].id}
    assert _visible(db, officer) == allowed


def test_commune_officer_sees_only_that_commune(db, coops):
    officer = factories.OfficerFactory(areas__province_code=8, areas__commune_code=2215)
    assert [c for c in coops.values() if can_act_on_cooperative(officer, c)] == [coops["minh_xuan"]]
    assert _visible(db, officer) == {coops["minh_xuan"].id}


def test_member_sees_only_own(db, coops):
    member = factories.UserFactory(role="member", cooperative=coops["di_linh"])
    assert [c for c in coops.values() if can_act_on_cooperative(member, c)] == [coops["di_linh"]]
    assert _visible(db, member) == {coops["di_linh"].id}


def test_inactive_user_may_act_on_nothing(db, coops):
    user = factories.UserFactory(role="admin", is_active_account=False)
    assert not any(can_act_on_cooperative(user, c) for c in coops.values())
