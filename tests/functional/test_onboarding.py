"""The onboarding checklist through the browser's interface: the page, the step form, files.

Every bad input is explained beside its field and changes nothing; a step is confirmed as
done by an officer, with a date and evidence; progress counts only the steps that apply.
"""

import re
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest

from tests.support.certificates import png_bytes
from tests.support.onboarding import (
    DONE_SHOP,
    PDF,
    SHOP_URL,
    TODAY,
    evidence_files,
    make_step,
    post_step,
    steps,
    url,
)

# --- the checklist page -------------------------------------------------------------------


def test_untouched_checklist_shows_every_step_to_do(as_member, db, coop_tq):
    response = as_member.get(f"/cooperatives/{coop_tq.id}/onboarding/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tiến độ lên sàn" in html
    assert html.index('id="voso"') < html.index('id="postmart"') < html.index('id="shopee"')
    assert html.count('class="step-row step-todo"') == 6 * 7
    assert html.count('<progress max="7" value="0">') == 6  # one per marketplace
    assert '<progress max="14" value="0">' in html  # overall
    assert "Chưa làm" in html and "Hồ sơ đã sẵn sàng" in html
    assert steps(db) == []  # rows are made on first save, not by looking


def test_progress_counts_done_out_of_applicable(as_officer, db, coop_tq):
    make_step(coop_tq, "voso", "documents")
    make_step(coop_tq, "voso", "seller_account")
    make_step(coop_tq, "voso", "training", status="not_applicable", evidence_note="")
    make_step(coop_tq, "voso", "shop_approved", status="in_progress", evidence_note="")
    make_step(coop_tq, "postmart", "documents")
    make_step(coop_tq, "shopee", "documents", status="in_progress")
    html = as_officer.get(f"/cooperatives/{coop_tq.id}/onboarding/").get_data(as_text=True)
    voso = html[html.index('id="voso"') : html.index('id="postmart"')]
    assert '<progress max="6" value="2">' in voso and "2/6 bước" in voso
    shopee = html[html.index('id="shopee"') : html.index('id="other-heading"')]
    assert '<progress max="7" value="0">' in shopee  # started: shown in full
    assert '<progress max="20" value="3">' in html  # overall: 6 + 7 + 7 steps apply
    assert "<details" in html and 'id="lazada"' in html  # the others, folded away
    page = as_officer.get(f"/cooperatives/{coop_tq.id}").get_data(as_text=True)
    summary = page[page.index('id="onboarding"') :]
    assert "Voso.vn" in summary and "Postmart.vn" in summary and "Shopee" in summary
    assert '<progress max="6" value="2">' in summary and '<progress max="7" value="1">' in summary
    assert "Lazada" not in summary
    assert f"/cooperatives/{coop_tq.id}/onboarding/" in summary


# --- confirming steps ---------------------------------------------------------------------


def test_officer_confirms_the_shop_and_buyers_see_it(as_officer, officer, db, client, coop_tq):
    form = as_officer.get(url(coop_tq)).get_data(as_text=True)
    assert f'value="{TODAY:%d/%m/%Y}"' in form  # today, in Vietnam, by default
    response = post_step(as_officer, coop_tq, DONE_SHOP)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cooperatives/{coop_tq.id}/onboarding/#voso")
    (row,) = steps(db)
    assert (row.marketplace, row.step, row.status) == ("voso", "shop_approved", "done")
    assert (row.done_on, row.evidence_url, row.confirmed_by_id) == (TODAY, SHOP_URL, officer.id)
    html = as_officer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu bước “Gian hàng đã được duyệt” trên Voso.vn." in html
    assert f'<a href="{SHOP_URL}" rel="noopener noreferrer nofollow">' in html
    assert officer.name in html and "Đã xong" in html
    assert SHOP_URL in client.get(f"/c/{coop_tq.slug}").get_data(as_text=True)


def test_going_back_clears_date_and_confirmation(as_officer, db, coop_tq):
    post_step(as_officer, coop_tq, DONE_SHOP)
    data = dict(DONE_SHOP, status="in_progress")
    assert post_step(as_officer, coop_tq, data).status_code == 302
    (row,) = steps(db)
    assert (row.status, row.done_on, row.confirmed_by_id) == ("in_progress", None, None)
    assert row.evidence_url == SHOP_URL  # the evidence stays


def test_whoever_changes_a_done_step_confirms_it(client, as_officer, officer, db, admin, coop_tq):
    from tests.support.clients import sign_in

    post_step(as_officer, coop_tq, DONE_SHOP)
    client.post("/auth/logout")
    sign_in(client, admin)
    post_step(client, coop_tq, DONE_SHOP)  # nothing changed: still the officer's confirmation
    assert steps(db)[0].confirmed_by_id == officer.id
    post_step(client, coop_tq, dict(DONE_SHOP, evidence_note="Đã xem gian hàng trên sàn"))
    assert steps(db)[0].confirmed_by_id == admin.id


def test_one_row_per_step_however_often_it_is_saved(as_officer, db, coop_tq):
    for status in ("in_progress", "todo", "done"):
        assert post_step(as_officer, coop_tq, dict(DONE_SHOP, status=status)).status_code == 302
    assert len(steps(db)) == 1


def test_member_records_progress_but_only_an_officer_confirms(as_member, db, coop_tq):
    data = {"status": "in_progress", "evidence_note": "Đã gửi hồ sơ, chờ Voso.vn duyệt"}
    assert post_step(as_member, coop_tq, data, step="documents").status_code == 302
    assert steps(db)[0].confirmed_by_id is None
    response = post_step(as_member, coop_tq, DONE_SHOP)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="status-error"' in html
    assert "Chỉ cán bộ mới được xác nhận một bước là đã xong." in html
    assert len(steps(db)) == 1


def test_member_cannot_undo_an_officers_confirmation(as_member, db, coop_tq):
    make_step(coop_tq, "voso", "shop_approved", evidence_url=SHOP_URL)
    response = post_step(as_member, coop_tq, dict(DONE_SHOP, status="todo", evidence_url=""))
    assert "Chỉ cán bộ mới được sửa một bước đã được xác nhận là xong." in response.get_data(
        as_text=True
    )
    (row,) = steps(db)
    assert (row.status, row.evidence_url) == ("done", SHOP_URL)


def test_nfd_note_is_stored_as_nfc(as_officer, db, coop_tq):
    note = unicodedata.normalize("NFD", "Đơn đầu tiên: 4 chai dầu lạc")
    data = {"status": "done", "done_on": TODAY.strftime("%d/%m/%Y"), "evidence_note": note}
    assert post_step(as_officer, coop_tq, data, step="first_order").status_code == 302
    assert steps(db)[0].evidence_note == "Đơn đầu tiên: 4 chai dầu lạc"


def test_a_step_that_needs_no_evidence_may_be_done_with_a_date_only(as_officer, db, coop_tq):
    data = {"status": "done", "done_on": TODAY.isoformat()}
    assert post_step(as_officer, coop_tq, data, "postmart", "training").status_code == 302
    assert steps(db)[0].status == "done"


# --- bad input ----------------------------------------------------------------------------

FUTURE = (TODAY + timedelta(days=1)).isoformat()
BAD_INPUT = [
    ("shop_approved", {"done_on": ""}, "done_on", "Hãy nhập ngày hoàn thành bước này."),
    ("shop_approved", {"done_on": FUTURE}, "done_on", "Ngày không được sau ngày hôm nay."),
    ("shop_approved", {"done_on": "2009-05-01"}, "done_on", "trước năm 2015"),
    (
        "shop_approved",
        {"done_on": "31/02/2026"},
        "done_on",
        "Không có ngày này",
    ),
    (
        "shop_approved",
        {"evidence_url": ""},
        "evidence_url",
        "Hãy nhập địa chỉ gian hàng đã được duyệt",
    ),
    (
        "shop_approved",
        {"evidence_url": "javascript:alert(1)"},
        "evidence_url",
        "bắt đầu bằng https:// hoặc http://",
    ),
    ("shop_approved", {"evidence_url": "voso.vn/gian-hang"}, "evidence_url", "https://"),
    ("shop_approved", {"evidence_url": "https:// voso.vn"}, "evidence_url", "https://"),
    (
        "shop_approved",
        {"evidence_url": "https://voso.vn/" + "a" * 490},
        "evidence_url",
        "Tối đa 500 ký tự.",
    ),
    ("shop_approved", {"status": "approved"}, "status", "Hãy chọn một tình trạng"),
    ("shop_approved", {"status": ""}, "status", "Hãy chọn một tình trạng"),
    (
        "documents",
        {"evidence_url": "", "evidence_note": "  "},
        "evidence_note",
        "Hãy bổ sung minh chứng cho bước này",
    ),
    ("first_order", {"evidence_url": "", "evidence_note": ""}, "evidence_note", "minh chứng"),
]


@pytest.mark.parametrize(("step", "overrides", "field", "message"), BAD_INPUT)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(
    app, as_officer, db, coop_tq, step, overrides, field, message
):
    before = evidence_files(app)
    data = dict(DONE_SHOP, **overrides)
    file = None if field == "evidence_note" else (PDF, "giay.pdf")  # a file is evidence too
    response = post_step(as_officer, coop_tq, data, step=step, file=file)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert f'id="{field}-error"' in html and 'aria-invalid="true"' in html
    if field != "evidence_note" and data["evidence_note"]:
        assert data["evidence_note"] in html  # what the user typed is kept
    assert steps(db) == []
    assert evidence_files(app) == before  # the file waits for a valid form


def test_bad_input_leaves_a_saved_step_as_it_was(as_officer, db, coop_tq):
    post_step(as_officer, coop_tq, DONE_SHOP)
    post_step(as_officer, coop_tq, dict(DONE_SHOP, evidence_url="ftp://voso.vn", done_on=FUTURE))
    (row,) = steps(db)
    assert (row.evidence_url, row.done_on) == (SHOP_URL, TODAY)


def test_messages_in_english(as_officer, db, coop_tq):
    as_officer.get("/auth/language/en")
    html = post_step(as_officer, coop_tq, dict(DONE_SHOP, done_on="")).get_data(as_text=True)
    assert "Enter the date the step was done." in html


# --- evidence files -----------------------------------------------------------------------

DOCS = {"status": "done", "done_on": TODAY.isoformat(), "evidence_note": ""}


def test_a_pdf_is_kept_privately_under_its_name(app, as_officer, db, coop_tq):
    name = unicodedata.normalize("NFD", "Hồ sơ HTX.pdf")
    assert (
        post_step(as_officer, coop_tq, DOCS, step="documents", file=(PDF, name)).status_code == 302
    )
    (row,) = steps(db)
    assert row.evidence_key.startswith("proofs/") and row.evidence_key.endswith(".pdf")
    assert len(row.evidence_key) <= 80  # the column's size
    assert row.evidence_name == "Hồ sơ HTX.pdf"
    assert (Path(app.config["MEDIA_ROOT"]) / row.evidence_key).read_bytes() == PDF
    html = as_officer.get(f"/cooperatives/{coop_tq.id}/onboarding/").get_data(as_text=True)
    assert f'href="{url(coop_tq, step="documents", action="evidence")}">Hồ sơ HTX.pdf<' in html


def test_a_renamed_file_gets_the_extension_of_its_content(as_officer, db, coop_tq):
    post_step(as_officer, coop_tq, DOCS, step="documents", file=(PDF, "../../tmp/hoso.exe"))
    assert steps(db)[0].evidence_name == "hoso.pdf"


BAD_FILES = [
    (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(2000), "hoso.pdf", "không phải PDF, JPEG, PNG hay WebP"),
    (b"<html><script>alert(1)</script></html>", "anh.png", "không phải PDF, JPEG, PNG hay WebP"),
    (b"%PDF-1.4\n1 0 obj\n<<>>\n", "cut.pdf", "Tệp PDF này bị hỏng hoặc không đầy đủ."),
    (b"", "empty.pdf", "Tệp không có dữ liệu."),
    (b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n", "big.pdf", "Tệp lớn hơn 10 MB."),
]


@pytest.mark.parametrize(("data", "name", "message"), BAD_FILES, ids=lambda v: str(v)[:12])
def test_bad_files_are_refused_and_nothing_is_saved(
    app, as_officer, db, coop_tq, data, name, message
):
    before = evidence_files(app)
    response = post_step(as_officer, coop_tq, DOCS, step="documents", file=(data, name))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html and 'id="evidence_file-error"' in html
    assert steps(db) == [] and evidence_files(app) == before


def test_file_is_kept_replaced_or_removed(as_officer, db, coop_tq):
    post_step(as_officer, coop_tq, DOCS, step="documents", file=(PDF, "hoso.pdf"))
    first = steps(db)[0].evidence_key
    post_step(as_officer, coop_tq, dict(DOCS, evidence_note="Bổ sung"), step="documents")
    assert steps(db)[0].evidence_key == first  # no new file: the old one stays
    form = as_officer.get(url(coop_tq, step="documents")).get_data(as_text=True)
    assert "Tệp hiện có:" in form and "hoso.pdf" in form
    post_step(as_officer, coop_tq, DOCS, step="documents", file=(png_bytes(), "anh.png"))
    row = steps(db)[0]
    assert row.evidence_key.endswith(".png") and row.evidence_name == "anh.png"
    data = dict(DOCS, evidence_note="Đủ hồ sơ", remove_evidence="y")
    assert post_step(as_officer, coop_tq, data, step="documents").status_code == 302
    row = steps(db)[0]
    assert row.evidence_key is None and row.evidence_name is None


def test_removing_the_only_evidence_of_a_done_step_is_refused(as_officer, db, coop_tq):
    post_step(as_officer, coop_tq, DOCS, step="documents", file=(PDF, "hoso.pdf"))
    response = post_step(as_officer, coop_tq, dict(DOCS, remove_evidence="y"), step="documents")
    assert 'id="evidence_note-error"' in response.get_data(as_text=True)
    assert steps(db)[0].evidence_key is not None


# --- unknown steps and archived cooperatives ----------------------------------------------


@pytest.mark.parametrize(
    ("marketplace", "step"), [("amazon", "documents"), ("voso", "launch"), ("VOSO", "documents")]
)
def test_unknown_marketplace_or_step_is_not_found(as_officer, db, coop_tq, marketplace, step):
    assert as_officer.get(url(coop_tq, marketplace, step)).status_code == 404
    assert post_step(as_officer, coop_tq, DONE_SHOP, marketplace, step).status_code == 404
    assert as_officer.get(url(coop_tq, marketplace, step, "evidence")).status_code == 404
    assert steps(db) == []


def test_archived_cooperative_is_read_only(as_officer, db, coop_tq):
    make_step(coop_tq, "voso", "documents")
    coop_tq.status = "archived"
    db.session.commit()
    response = post_step(as_officer, coop_tq, DONE_SHOP)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/onboarding/#voso")
    html = as_officer.get(response.headers["Location"]).get_data(as_text=True)
    assert html.count("chỉ để xem, không sửa được") == 2  # the flash and the page's notice
    assert not re.search(r"/onboarding/\w+/\w+\"", html)  # no "Update" links
    assert as_officer.get(url(coop_tq)).status_code == 302
    assert len(steps(db)) == 1
