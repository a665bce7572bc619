"""Every change through the real forms leaves one entry in the activity log, with who, the
subject and the values before and after; nothing secret is written (issue 17, item 5)."""

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.activity.recorder import AppendOnlyError, acting_as
from app.models import Activity
from tests.support.activity import last_id, log, only
from tests.support.batches import make_batch
from tests.support.certificates import VALID as CERTIFICATE
from tests.support.certificates import edit_url, make_cert
from tests.support.clients import sign_in
from tests.support.cooperatives import form_data
from tests.support.html_pages import parse_html
from tests.support.onboarding import DONE_SHOP, SHOP_URL, post_step
from tests.support.product_import_files import confirm, good_rows, upload
from tests.support.product_import_files import xlsx as import_xlsx
from tests.support.products import TODAY, VALID, make_product


def test_a_cooperative_edit_logs_identity_place_and_bank_before_and_after(
    as_admin, admin, db, coop_tq
):
    old_name = coop_tq.legal_name
    data = form_data(
        coop_tq, legal_name="HTX Nông nghiệp Lâm Bình mới", province_code="68",
        commune_code="25000", bank_bin="970405", bank_account_number="8700123456789",
        bank_account_holder="HTX NONG NGHIEP LAM BINH",
    )  # fmt: skip
    response = as_admin.post(f"/cooperatives/{coop_tq.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    entry = only("cooperative", "changed")
    assert (entry.actor_id, entry.actor_name) == (admin.id, admin.name)
    assert entry.cooperative_id == coop_tq.id and entry.subject_id == coop_tq.id
    assert entry.changes["legal_name"] == [old_name, "HTX Nông nghiệp Lâm Bình mới"]
    assert entry.changes["place"] == [[8, 2266], [68, 25000]]
    assert entry.changes["bank_bin"] == [None, "970405"]
    assert entry.changes["bank_account_number"] == [None, "8700123456789"]


def test_a_new_cooperative_is_logged_as_created(as_officer, db):
    data = {"legal_name": "HTX Chè Thượng Lâm", "kind": "htx", "province_code": "8",
            "commune_code": "2266"}  # fmt: skip
    assert as_officer.post("/cooperatives/new", data=data).status_code == 302
    entry = only("cooperative", "created")
    assert entry.changes["legal_name"] == [None, "HTX Chè Thượng Lâm"]
    assert entry.subject_label == "HTX Chè Thượng Lâm"


def test_a_certificate_edit_is_logged(as_member, member, db, coop_tq):
    cert = make_cert(coop_tq, number="OCOP-1")
    log_before = len(log())
    data = dict(CERTIFICATE, number="1578/QĐ-UBND", ocop_stars="4")
    assert as_member.post(edit_url(coop_tq, cert), data=data).status_code == 302
    entry = only("certificate", "changed")
    assert len(log()) == log_before + 1
    assert entry.actor_id == member.id and entry.cooperative_id == coop_tq.id
    assert entry.changes["number"] == ["OCOP-1", "1578/QĐ-UBND"]
    assert entry.changes["issued_on"][1] == CERTIFICATE["issued_on"]  # a date, ISO


def test_a_product_and_its_variants_are_logged_with_money_as_integers(as_member, member, db):
    coop = member.cooperative
    assert as_member.post(f"/products/new?cooperative={coop.id}", data=VALID).status_code == 302
    product = only("product", "created")
    variant = only("variant", "created")
    assert product.changes["name"] == [None, VALID["name"]]
    assert product.changes["origin"] == [None, [8, 2266]]
    assert variant.changes["price_vnd"] == [None, 75_000]
    data = dict(VALID, **{"variants-0-id": str(variant.subject_id),
                          "variants-0-price_vnd": "80.000", "status": "archived"})  # fmt: skip
    response = as_member.post(f"/products/{product.subject_id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert only("product", "changed").changes == {"status": ["active", "archived"]}
    assert only("variant", "changed").changes == {"price_vnd": [75_000, 80_000]}


def test_a_batch_its_recall_and_a_label_run_are_logged(as_member, member, db, coop_tq):
    product = make_product(coop_tq)
    response = as_member.post(
        f"/trace/batches/new?product={product.id}",
        data={"code": "LB-2026-07", "quantity": "850", "unit": "kg",
              "produced_on": (TODAY - timedelta(days=3)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    created = only("batch", "created")
    assert created.changes["quantity"] == [None, "850"] and created.actor_id == member.id
    batch_id = created.subject_id
    recall = {"reason": "Aflatoxin vượt giới hạn", "advice": "Ngừng sử dụng",
              "recalled_on": TODAY.isoformat()}  # fmt: skip
    assert as_member.post(f"/trace/batches/{batch_id}/recall", data=recall).status_code == 302
    recalled = only("batch", "recalled")
    assert recalled.changes["status"] == ["open", "recalled"]
    assert recalled.changes["recall_reason"] == [None, "Aflatoxin vượt giới hạn"]
    assert recalled.changes["recalled_on"] == [None, TODAY.isoformat()]


def test_a_label_run_is_logged_once_not_per_label(as_member, member, db, coop_tq):
    batch = make_batch(make_product(coop_tq), "LB-LAC-2026-07")
    data = {"template": "a4-5x13", "kind": "serialized", "count": "130", "error_level": "M"}
    response = as_member.post(f"/labels/new?batch={batch.id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    entry = only("label_run", "created")
    assert log("label_run") == [entry]  # the run's progress and end log nothing
    assert entry.cooperative_id == coop_tq.id and entry.subject_label == "LB-LAC-2026-07"
    assert entry.changes["count"] == [None, 130] and entry.changes["kind"][1] == "serialized"
    assert "serial_key" not in entry.changes  # the signing key is a secret


def test_a_listing_status_is_logged(as_member, member, db, coop_tq):
    product = make_product(coop_tq, sku="LB-LAC-500")
    shop = "https://shopee.vn/Lac-do-Lam-Binh-i.98231475.23811904562"
    data = {"form_name": "grid", "cells": f"{product.variants[0].id}:shopee", "status": "live",
            "url_shopee": shop}  # fmt: skip
    assert as_member.post(f"/exports/products/{product.id}", data=data).status_code == 302
    entry = only("listing", "changed")  # its draft row is made by a bulk INSERT, not logged
    assert entry.changes["status"] == ["draft", "live"]
    assert entry.changes["live_url"] == [None, shop]
    assert entry.cooperative_id == coop_tq.id and entry.subject_label == "shopee LB-LAC-500"
    data.update(status="rejected", url_shopee="", reason="Thiếu bản tự công bố.")
    assert as_member.post(f"/exports/products/{product.id}", data=data).status_code == 302
    changed = log("listing", "changed")[-1]
    assert changed.changes["status"] == ["live", "rejected"]
    assert changed.changes["rejection_reason"] == [None, "Thiếu bản tự công bố."]


def test_an_onboarding_step_is_logged(as_officer, officer, db, coop_tq):
    assert post_step(as_officer, coop_tq, DONE_SHOP).status_code == 302
    entries = log("onboarding_step")
    assert len(entries) == 1 and entries[0].action in ("created", "changed")
    entry = entries[0]
    assert entry.changes["status"][1] == "done"
    assert entry.changes["evidence_url"] == [None, SHOP_URL]
    assert entry.subject_label == "voso/shop_approved" and entry.actor_id == officer.id


def test_an_account_is_logged_without_its_password_or_token(as_admin, admin, db, coop_tq):
    data = {"name": "Lò Thị Hoa", "email": "hoa@example.vn", "role": "member", "locale": "vi",
            "cooperative": coop_tq.slug, "password": "mat-khau-that-dai-42"}  # fmt: skip
    mark = last_id()
    response = as_admin.post("/admin/users/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    created = only("account", "created", after=mark)
    assert created.changes["role"] == [None, "member"]
    assert created.cooperative_id == coop_tq.id and created.actor_id == admin.id
    response = as_admin.post(f"/admin/users/{created.subject_id}/active", data={"active": "0"})
    assert response.status_code == 302
    assert only("account", "deactivated").changes == {"is_active_account": [True, False]}
    everything = repr([(r.changes, r.subject_label, r.actor_name) for r in log()])
    assert (
        "mat-khau" not in everything and "pbkdf2" not in everything and "scrypt" not in everything
    )
    assert "session_token" not in everything and "password_hash" not in everything


def test_a_password_change_shows_as_changed_without_values(client, db, officer):
    sign_in(client, officer)
    mark = last_id()  # the factory sets the first password after making the account
    client.post("/auth/account",
                data={"current": "correct horse 42", "new": "mat-khau-moi-9",
                      "confirm": "mat-khau-moi-9"})  # fmt: skip
    assert only("account", "changed", after=mark).changes == {"password": [None, None]}


def test_a_sign_in_logs_nothing(client, db, officer):
    mark = last_id()
    sign_in(client, officer)
    client.post("/auth/logout")
    assert log(after=mark) == []


def test_a_change_without_a_request_is_logged_with_no_actor(db, coop_tq):
    entry = only("cooperative", "created")
    assert (entry.actor_id, entry.actor_name) == (None, "")
    old = coop_tq.short_name
    coop_tq.short_name = "HTX Lâm Bình"
    db.session.commit()
    assert only("cooperative", "changed").changes == {"short_name": [old, "HTX Lâm Bình"]}


def test_a_job_acting_for_someone_is_logged_as_them(db, coop_tq, officer):
    mark = last_id()
    with acting_as(officer):
        coop_tq.short_name = "HTX Lâm Bình"
        db.session.commit()
    coop_tq.short_name = "HTX LB"
    db.session.commit()
    entries = log("cooperative", "changed", after=mark)
    assert [(e.actor_id, e.actor_name) for e in entries] == [(officer.id, officer.name), (None, "")]


def test_a_rolled_back_change_leaves_no_entry(db, coop_tq):
    before = len(log())
    coop_tq.short_name = "HTX đổi tên"
    db.session.flush()
    db.session.rollback()
    assert len(log()) == before
    assert db.session.scalar(db.select(db.func.count(Activity.id))) == before


def test_postgresql_refuses_to_edit_or_delete_the_log(db, coop_tq):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")
    for statement in ("UPDATE activity SET action = 'changed'", "DELETE FROM activity"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert len(log()) == 1


def test_a_new_manager_right_is_logged(as_admin, admin, member, db):
    mark = last_id()
    data = {"role": "member", "is_manager": "y"}
    assert as_admin.post(f"/admin/users/{member.id}/rights", data=data).status_code == 302
    entry = only("account", "changed", after=mark)
    assert entry.changes == {"is_manager": [False, True]} and entry.actor_id == admin.id
    assert entry.cooperative_id == member.cooperative_id


def test_the_app_cannot_edit_or_delete_an_entry(db, coop_tq):
    (entry,) = log()
    entry.action = "deleted"
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(log()[0])
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    assert [e.action for e in log()] == ["created"]


def test_a_deleted_certificate_is_logged_with_what_it_held(as_member, member, db, coop_tq):
    cert = make_cert(coop_tq, number="VG-2026-01")
    response = as_member.post(edit_url(coop_tq, cert, "delete"))
    assert response.status_code == 302
    entry = only("certificate", "deleted")
    assert entry.changes["number"] == ["VG-2026-01", None] and entry.actor_id == member.id


def test_an_officer_deactivating_a_member_is_logged_and_shown(as_officer, officer, member, db):
    mark = last_id()
    response = as_officer.post(f"/auth/people/{member.id}/active", data={"active": "0"})
    assert response.status_code == 302
    entry = only("account", "deactivated", after=mark)
    assert entry.changes["is_active_account"] == [True, False]
    assert (entry.actor_id, entry.subject_label) == (officer.id, member.name)
    assert "session_token" not in repr(entry.changes)
    page = as_officer.get(f"/cooperatives/{member.cooperative_id}").get_data(as_text=True)
    history = " ".join(parse_html(page).by_id("activity").text().split())
    assert f"{officer.name} · Đã khoá tài khoản {member.name}" in history


def test_a_product_import_logs_each_product_and_variant_as_who_confirmed_it(
    as_officer, officer, db, coop_tq
):
    mark = last_id()
    html = upload(as_officer, import_xlsx(good_rows(coop_tq.slug))).get_data(as_text=True)
    assert confirm(as_officer, html).status_code == 302
    products, variants = log("product", after=mark), log("variant", after=mark)
    assert sorted(e.subject_label for e in products) == ["Chè Shan Tuyết Na Hang", "Mật ong bạc hà"]
    assert len(variants) == 3
    assert {(e.action, e.actor_id, e.cooperative_id) for e in products + variants} == {
        ("created", officer.id, coop_tq.id)
    }
