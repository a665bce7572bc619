"""Who reaches the onboarding checklist and its evidence: by URL, by tampered fields, downloads."""

import unicodedata
from urllib.parse import unquote

import pytest

from tests.support import factories
from tests.support.clients import sign_in
from tests.support.onboarding import (
    DONE_SHOP,
    PDF,
    SHOP_URL,
    TODAY,
    make_step,
    post_step,
    steps,
    url,
)

DOCS = {"status": "done", "done_on": TODAY.isoformat(), "evidence_note": "Đủ hồ sơ"}

# --- the evidence download ----------------------------------------------------------------


def test_download_is_an_attachment_with_the_vietnamese_name(as_officer, db, coop_tq):
    name = unicodedata.normalize("NFD", "Giấy đăng ký HTX.pdf")
    post_step(as_officer, coop_tq, DOCS, step="documents", file=(PDF, name))
    response = as_officer.get(url(coop_tq, step="documents", action="evidence"))
    assert response.status_code == 200
    assert response.data == PDF and response.mimetype == "application/pdf"
    header = response.headers["Content-Disposition"]
    assert header.startswith('attachment; filename="Giay dang ky HTX.pdf"; ')
    assert unquote(header.split("filename*=UTF-8''", 1)[1]) == "Giấy đăng ký HTX.pdf"
    assert "no-store" in response.headers["Cache-Control"]


def test_download_without_a_file_is_not_found(as_member, db, coop_tq):
    assert as_member.get(url(coop_tq, step="documents", action="evidence")).status_code == 404
    make_step(coop_tq, "voso", "documents")
    assert as_member.get(url(coop_tq, step="documents", action="evidence")).status_code == 404


def test_evidence_files_are_not_public(client, as_officer, db, coop_tq):
    post_step(as_officer, coop_tq, DOCS, step="documents", file=(PDF, "hoso.pdf"))
    key = steps(db)[0].evidence_key
    as_officer.post("/auth/logout")
    assert client.get(f"/media/{key}").status_code in (403, 404)
    response = client.get(url(coop_tq, step="documents", action="evidence"))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_download_refuses_other_cooperatives(client, db, coop_tq, coop_ld):
    sign_in(client, factories.OfficerFactory(areas__province_code=8))
    post_step(client, coop_tq, DOCS, step="documents", file=(PDF, "hoso.pdf"))
    client.post("/auth/logout")
    sign_in(client, factories.UserFactory(role="member", cooperative=coop_tq))
    assert client.get(url(coop_tq, step="documents", action="evidence")).status_code == 200
    client.post("/auth/logout")
    sign_in(client, factories.UserFactory(role="member", cooperative=coop_ld))
    assert client.get(url(coop_tq, step="documents", action="evidence")).status_code == 403
    assert client.get(url(coop_ld, step="documents", action="evidence")).status_code == 404
    client.post("/auth/logout")
    sign_in(client, factories.OfficerFactory(areas__province_code=68))
    assert client.get(url(coop_tq, step="documents", action="evidence")).status_code == 403


# --- who may do what ----------------------------------------------------------------------


def test_member_cannot_reach_another_cooperative_by_url(as_member, db, coop_tq, coop_ld):
    make_step(coop_ld, "voso", "shop_approved", evidence_url=SHOP_URL)
    assert as_member.get(f"/cooperatives/{coop_ld.id}/onboarding/").status_code == 403
    assert as_member.get(url(coop_ld)).status_code == 403
    data = dict(DONE_SHOP, status="in_progress")
    assert post_step(as_member, coop_ld, data).status_code == 403
    assert post_step(as_member, coop_ld, data, step="documents").status_code == 403
    assert as_member.get(url(coop_ld, action="evidence")).status_code == 403
    (row,) = steps(db)
    assert (row.cooperative_id, row.status) == (coop_ld.id, "done")


def test_unknown_step_of_another_cooperative_is_still_refused(as_member, db, coop_ld):
    """The cooperative is checked first: a bad URL reveals nothing about who exists."""
    assert as_member.get(url(coop_ld, "amazon", "launch")).status_code == 403
    assert as_member.get("/cooperatives/999999/onboarding/").status_code == 404


def test_officer_works_in_their_area_only(as_officer, db, coop_tq, coop_ld):
    assert post_step(as_officer, coop_tq, DONE_SHOP).status_code == 302
    assert post_step(as_officer, coop_ld, DONE_SHOP).status_code == 403
    assert as_officer.get(f"/cooperatives/{coop_ld.id}/onboarding/").status_code == 403
    assert [r.cooperative_id for r in steps(db)] == [coop_tq.id]


def test_officer_of_one_commune_cannot_reach_another_commune(client, db, coop_tq):
    other = factories.CooperativeFactory(province_code=8, commune_code=2215)
    sign_in(client, factories.OfficerFactory(areas__province_code=8, areas__commune_code=2266))
    assert post_step(client, coop_tq, DONE_SHOP).status_code == 302
    assert post_step(client, other, DONE_SHOP).status_code == 403


def test_admin_may_confirm_anywhere(as_admin, admin, db, coop_ld):
    assert post_step(as_admin, coop_ld, DONE_SHOP, "postmart").status_code == 302
    assert steps(db)[0].confirmed_by_id == admin.id


def test_tampered_fields_are_ignored(as_officer, officer, db, coop_tq, coop_ld):
    other = factories.UserFactory(role="admin")
    data = dict(
        DONE_SHOP,
        cooperative_id=str(coop_ld.id),
        marketplace="postmart",
        step="first_order",
        confirmed_by_id=str(other.id),
        evidence_key="proofs/00/" + "0" * 64 + ".pdf",
        evidence_name="x.pdf",
    )
    assert post_step(as_officer, coop_tq, data).status_code == 302
    (row,) = steps(db)
    assert (row.cooperative_id, row.marketplace, row.step) == (coop_tq.id, "voso", "shop_approved")
    assert row.confirmed_by_id == officer.id
    assert row.evidence_key is None and row.evidence_name is None


@pytest.mark.parametrize("status", ["approved", "DONE", "done ", "<script>", "1"])
def test_a_status_outside_the_list_is_refused(as_officer, db, coop_tq, status):
    response = post_step(as_officer, coop_tq, dict(DONE_SHOP, status=status))
    assert response.status_code == 200
    assert 'id="status-error"' in response.get_data(as_text=True)
    assert steps(db) == []


def test_anonymous_is_sent_to_sign_in(client, db, coop_tq):
    for path in (
        f"/cooperatives/{coop_tq.id}/onboarding/",
        url(coop_tq),
        url(coop_tq, action="evidence"),
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert post_step(client, coop_tq, DONE_SHOP).status_code == 302
    assert steps(db) == []
