"""Nobody reaches another cooperative's batches: not by URL, not by a list filter.

Members act on their own cooperative, officers in their area, admins everywhere.
"""

import pytest

from app.models import Role
from tests.support import factories
from tests.support.batches import batch_form, batches, make_batch
from tests.support.clients import sign_in
from tests.support.products import TODAY, make_product


def _urls(batch):
    return [
        ("GET", f"/trace/batches/{batch.id}"),
        ("GET", f"/trace/batches/{batch.id}/edit"),
        ("POST", f"/trace/batches/{batch.id}/edit"),
        ("POST", f"/trace/batches/{batch.id}/close"),
        ("POST", f"/trace/batches/{batch.id}/reopen"),
        ("GET", f"/trace/batches/{batch.id}/recall"),
        ("POST", f"/trace/batches/{batch.id}/recall"),
        ("GET", f"/trace/batches/new?product={batch.product_id}"),
        ("POST", f"/trace/batches/new?product={batch.product_id}"),
    ]


@pytest.mark.parametrize("who", ["member_elsewhere", "officer_elsewhere"])
def test_another_cooperatives_batches_are_refused(client, db, coop_tq, coop_ld, who):
    batch = make_batch(make_product(coop_tq, name="Lạc nhân"), "LB-LAC-2026-07")
    if who == "member_elsewhere":
        user = factories.UserFactory(role=Role.MEMBER, cooperative=coop_ld)
    else:
        user = factories.OfficerFactory(areas__province_code=68)
    sign_in(client, user)
    recall = {"reason": "x", "advice": "y", "recalled_on": TODAY.isoformat()}
    for method, url in _urls(batch):
        data = dict(batch_form(code="HACKED"), **recall) if method == "POST" else None
        assert client.open(url, method=method, data=data).status_code == 403, url
    (batch,) = batches()
    assert (batch.code, batch.status) == ("LB-LAC-2026-07", "open")
    assert "LB-LAC-2026-07" not in client.get("/trace/batches/").get_data(as_text=True)
    for query in (f"cooperative={coop_tq.id}", f"product={batch.product_id}", "q=LB"):
        assert "LB-LAC-2026-07" not in client.get(f"/trace/batches/?{query}").get_data(as_text=True)
    assert "Lạc nhân" not in client.get("/trace/batches/new").get_data(as_text=True)


def test_an_officer_in_the_area_and_an_admin_may_act(client, db, coop_tq, officer, admin):
    batch = make_batch(make_product(coop_tq), "LB-LAC-2026-07")
    for user in (officer, admin):
        sign_in(client, user)
        for method, url in _urls(batch)[:2]:
            assert client.open(url, method=method).status_code == 200, url
        assert "LB-LAC-2026-07" in client.get("/trace/batches/").get_data(as_text=True)


def test_an_officer_of_one_commune_sees_only_its_cooperatives(client, db, coop_tq):
    other_commune = factories.CooperativeFactory(province_code=8, commune_code=2215)
    make_batch(make_product(coop_tq), "IN-AREA")
    make_batch(make_product(other_commune, sku="S-2"), "OUT-OF-AREA")
    officer = factories.OfficerFactory(areas__province_code=8, areas__commune_code=2266)
    sign_in(client, officer)
    page = client.get("/trace/batches/").get_data(as_text=True)
    assert "IN-AREA" in page and "OUT-OF-AREA" not in page
    other = batches()[1]
    assert client.get(f"/trace/batches/{other.id}").status_code == 403


def test_batches_are_in_the_navigation_of_every_role(client, db, coop_tq, member, officer, admin):
    for user in (member, officer, admin):
        sign_in(client, user)
        assert 'href="/trace/batches/"' in client.get("/dashboard/").get_data(as_text=True)


def test_unknown_ids_answer_404(as_member, db, coop_tq):
    assert as_member.get("/trace/batches/999").status_code == 404
    assert as_member.get("/trace/batches/new?product=999").status_code == 404
    assert as_member.get("/trace/plots/999/edit").status_code == 404
