"""Who reaches certificates and their scans: by URL, by a tampered id, and the download."""

import unicodedata
from urllib.parse import unquote

from tests.support import factories
from tests.support.certificates import (
    PDF,
    VALID,
    VIETGAP,
    certs,
    edit_url,
    make_cert,
    post_new,
)
from tests.support.clients import sign_in

# --- the scan download --------------------------------------------------------------------


def test_download_keeps_the_vietnamese_file_name(as_member, db, coop_tq):
    post_new(as_member, coop_tq, VALID, (PDF, unicodedata.normalize("NFD", "Quyết định OCOP.pdf")))
    (cert,) = certs(db)
    response = as_member.get(edit_url(coop_tq, cert, "scan"))
    assert response.status_code == 200
    assert response.data == PDF
    assert response.mimetype == "application/pdf"
    header = response.headers["Content-Disposition"]
    assert header.startswith('attachment; filename="Quyet dinh OCOP.pdf"; ')
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert encoded == "Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20OCOP.pdf"
    assert unquote(encoded) == "Quyết định OCOP.pdf"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_download_without_a_scan_is_not_found(as_member, db, coop_tq):
    cert = make_cert(coop_tq)
    assert as_member.get(edit_url(coop_tq, cert, "scan")).status_code == 404


def test_scan_files_are_not_public(app, client, as_member, db, coop_tq):
    post_new(as_member, coop_tq, VALID, (PDF, "qd.pdf"))
    key = certs(db)[0].document_key
    as_member.post("/auth/logout")
    assert client.get(f"/media/{key}").status_code in (302, 403, 404)
    assert client.get(edit_url(coop_tq, certs(db)[0], "scan")).status_code == 302


# --- who may do what ----------------------------------------------------------------------


def test_member_cannot_touch_another_cooperative_by_url(as_member, db, coop_tq, coop_ld):
    theirs = make_cert(coop_ld, document_key="certs/00/" + "0" * 64 + ".pdf")
    assert post_new(as_member, coop_ld, VALID).status_code == 403
    assert as_member.get(f"/cooperatives/{coop_ld.id}/certificates/new").status_code == 403
    for action in ("edit", "scan"):
        assert as_member.get(edit_url(coop_ld, theirs, action)).status_code == 403
    assert as_member.post(edit_url(coop_ld, theirs), data=VIETGAP).status_code == 403
    assert as_member.post(edit_url(coop_ld, theirs, "delete")).status_code == 403
    assert [c.number for c in certs(db)] == ["VietGAP-TT-01"]
    assert coop_ld.legal_name not in as_member.get(f"/cooperatives/{coop_tq.id}").get_data(
        as_text=True
    )


def test_tampered_certificate_id_under_own_cooperative_finds_nothing(
    as_member, db, coop_tq, coop_ld
):
    theirs = make_cert(coop_ld, number="THEIRS")
    for action in ("edit", "scan"):
        assert as_member.get(edit_url(coop_tq, theirs, action)).status_code == 404
    assert as_member.post(edit_url(coop_tq, theirs), data=VIETGAP).status_code == 404
    assert as_member.post(edit_url(coop_tq, theirs, "delete")).status_code == 404
    (same,) = certs(db)
    assert (same.number, same.cooperative_id) == ("THEIRS", coop_ld.id)


def test_tampered_cooperative_field_is_ignored(as_member, db, coop_tq, coop_ld):
    data = dict(VALID, cooperative_id=str(coop_ld.id), created_by_id="1", document_key="x")
    assert post_new(as_member, coop_tq, data).status_code == 302
    (cert,) = certs(db)
    assert cert.cooperative_id == coop_tq.id and cert.document_key is None


def test_officer_works_in_their_area_only(as_officer, db, coop_tq, coop_ld):
    assert post_new(as_officer, coop_tq, VALID).status_code == 302
    assert post_new(as_officer, coop_ld, VALID).status_code == 403
    theirs = make_cert(coop_ld)
    assert as_officer.get(edit_url(coop_ld, theirs)).status_code == 403
    assert as_officer.get(edit_url(coop_ld, theirs, "scan")).status_code == 403
    assert as_officer.post(edit_url(coop_ld, theirs, "delete")).status_code == 403
    assert len(certs(db, coop_ld)) == 1 and len(certs(db, coop_tq)) == 1


def test_officer_of_one_commune_cannot_reach_another_commune(client, db, coop_tq):
    other = factories.CooperativeFactory(province_code=8, commune_code=2215)
    officer = factories.OfficerFactory(areas__province_code=8, areas__commune_code=2266)
    sign_in(client, officer)
    assert post_new(client, coop_tq, VALID).status_code == 302
    assert post_new(client, other, VALID).status_code == 403


def test_scan_download_refuses_other_cooperatives(client, db, coop_tq, coop_ld):
    owner = factories.UserFactory(role="member", cooperative=coop_tq)
    sign_in(client, owner)
    post_new(client, coop_tq, VALID, (PDF, "qd.pdf"))
    (cert,) = certs(db)
    assert client.get(edit_url(coop_tq, cert, "scan")).status_code == 200
    client.post("/auth/logout")
    outsider = factories.UserFactory(role="member", cooperative=coop_ld)
    sign_in(client, outsider)
    assert client.get(edit_url(coop_tq, cert, "scan")).status_code == 403
    assert client.get(edit_url(coop_ld, cert, "scan")).status_code == 404
    client.post("/auth/logout")
    sign_in(client, factories.OfficerFactory(areas__province_code=68))
    assert client.get(edit_url(coop_tq, cert, "scan")).status_code == 403


def test_admin_may_add_anywhere(as_admin, db, coop_ld):
    assert post_new(as_admin, coop_ld, VIETGAP).status_code == 302
    assert len(certs(db, coop_ld)) == 1


def test_anonymous_is_sent_to_sign_in(client, db, coop_tq):
    cert = make_cert(coop_tq)
    for url in (f"/cooperatives/{coop_tq.id}/certificates/new", edit_url(coop_tq, cert, "scan")):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
