"""The members' offline app: the service worker, the manifest, the shell, and the endpoint that
receives events recorded without signal, once per client id (issue 18, item 4)."""

import io
import json
import threading
import uuid
from types import SimpleNamespace

import pytest

from app import create_app
from app.config import Config
from app.extensions import db as _db
from app.models import Batch, BatchStatus, OfflineRecord
from app.trace.event_history import verify_batch
from tests.support import factories
from tests.support.batches import batch_form
from tests.support.clients import PASSWORD, IsolatedClient, sign_in
from tests.support.events import events_of, form, make_batch
from tests.support.product_images import photo
from tests.support.products import make_product


def send_url(batch):
    return f"/m/api/batches/{batch.id}/events"


def offline_form(client_id=None, **values):
    data = form(**values)
    data["client_id"] = client_id or str(uuid.uuid4())
    data["saved_at"] = "2026-12-01T02:30:00.000Z"
    return data


def test_the_service_worker_is_served_at_the_root_with_the_app_files(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    settings = json.loads(body.split("\n", 1)[0].removeprefix("self.LENSAN = ").rstrip(";"))
    assert "/static/js/offline.js" in settings["assets"]
    assert "/static/vendor/idb-keyval-6.3.0/idb-keyval.umd.js" in settings["assets"]
    assert "/static/js/sw.js" not in settings["assets"]
    assert settings["shell"] == "/m/" and len(settings["version"]) == 12
    assert 'addEventListener("fetch"' in body


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["start_url"] == "/m/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#1d6b3a" and manifest["name"] == "Lên Sàn"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_staff_pages_load_the_app_and_public_ones_do_not(client, member, coop_tq):
    assert "manifest.webmanifest" not in client.get("/").get_data(as_text=True)
    sign_in(client, member)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert 'rel="manifest"' in page and "js/offline.js" in page and 'id="offline-app"' in page
    batch = make_batch(coop_tq)
    for url in ("/", f"/c/{coop_tq.slug}", f"/t/{batch.public_code}"):  # signed in or not
        public = client.get(url).get_data(as_text=True)
        assert "offline.js" not in public and "offline-app" not in public, url


def test_the_shell_lists_the_recent_batches_and_plots_of_the_members_cooperative(
    as_member, coop_tq, coop_ld
):
    mine = make_batch(coop_tq)
    theirs = make_batch(coop_ld)
    page = as_member.get("/m/").get_data(as_text=True)
    assert mine.code in page and theirs.code not in page
    assert f"/trace/batches/{mine.id}/events/new" in page
    assert "Chờ gửi" in page and "Gửi ngay" in page  # the list offline.js fills
    assert "Ngoài đồng" in page  # the member's menu entry


def test_the_shell_and_the_api_need_a_signed_in_user(client, coop_tq):
    batch = make_batch(coop_tq)
    assert client.get("/m/").status_code == 302
    assert client.get("/m/api/token").status_code == 302
    response = client.post(send_url(batch), data=offline_form())
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert events_of(batch) == []


def test_an_event_recorded_offline_is_recorded_once_however_often_it_is_sent(
    as_member, member, coop_tq
):
    batch = make_batch(coop_tq)
    client_id = str(uuid.uuid4()).upper()  # any spelling of the UUID is the same record
    data = offline_form(client_id, kind="harvest", harvest_quantity="120", harvest_unit="kg")
    data["photos"] = (io.BytesIO(photo()), "thu-hoach.jpg")
    first = as_member.post(send_url(batch), data=data, content_type="multipart/form-data")
    assert first.status_code == 201, first.get_data(as_text=True)
    answer = first.get_json()
    assert answer["status"] == "recorded" and answer["seq"] == 1 and not answer["recalled"]
    assert answer["client_id"] == client_id.lower()
    assert answer["message"] == f"Đã gửi: sự kiện #1 của lô {batch.code}."

    again = offline_form(client_id, kind="harvest", harvest_quantity="120", harvest_unit="kg")
    second = as_member.post(send_url(batch), data=again)
    assert second.status_code == 200
    assert second.get_json()["status"] == "already" and second.get_json()["seq"] == 1
    [event] = events_of(batch)
    assert event.kind == "harvest" and len(event.photo_keys) == 1
    assert event.details["quantity"] == "120"
    record = OfflineRecord.query.filter_by(client_id=client_id.lower()).one()
    assert record.event_id == event.id and record.cooperative_id == coop_tq.id
    assert record.saved_at.replace(tzinfo=None).isoformat() == "2026-12-01T02:30:00"
    assert record.received_at.replace(tzinfo=None) == event.recorded_at.replace(tzinfo=None)
    assert verify_batch(batch).ok


def test_the_field_time_is_kept_apart_from_the_time_received(as_member, coop_tq):
    batch = make_batch(coop_tq)
    data = offline_form(occurred_on="01/12/2026", occurred_time="06:15")
    assert as_member.post(send_url(batch), data=data).status_code == 201
    [event] = events_of(batch)
    assert event.occurred_at.replace(tzinfo=None).isoformat() == "2026-11-30T23:15:00"  # UTC
    assert event.recorded_at > event.occurred_at


def test_an_offline_event_is_judged_by_the_event_forms_rules(as_member, coop_tq):
    batch = make_batch(coop_tq)
    response = as_member.post(send_url(batch), data=offline_form(kind="", occurred_time="7h"))
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert any(line.startswith("Giờ: ") for line in errors), errors
    assert any(line.startswith("Việc đã làm: ") for line in errors), errors
    assert events_of(batch) == []
    refused = as_member.post(send_url(batch), data=offline_form(client_id="not-a-uuid"))
    assert refused.status_code == 400 and events_of(batch) == []


def test_another_cooperatives_batch_is_refused(as_member, coop_ld):
    batch = make_batch(coop_ld)
    assert as_member.post(send_url(batch), data=offline_form()).status_code == 403
    assert events_of(batch) == []


def test_an_event_for_a_batch_recalled_meanwhile_is_kept_and_flagged(as_member, coop_tq):
    batch = make_batch(coop_tq, status=BatchStatus.RECALLED)
    response = as_member.post(send_url(batch), data=offline_form())
    assert response.status_code == 201
    answer = response.get_json()
    assert answer["recalled"] is True
    assert answer["warning"] == "Lô đã bị thu hồi khi sự kiện được gửi."
    assert len(events_of(batch)) == 1 and verify_batch(batch).ok
    page = as_member.get(f"/trace/batches/{batch.id}").get_data(as_text=True)
    assert "Lô đã bị thu hồi khi sự kiện được gửi." in page  # on the batch page too
    assert "Lưu trên điện thoại khi mất sóng lúc 09:30 01/12/2026" in page


def test_sending_is_rate_limited_per_user(app, as_member, coop_tq):
    batch = make_batch(coop_tq)
    app.config["OFFLINE_SYNC_RATE_LIMIT"] = "2 per minute"
    try:
        answers = [as_member.post(send_url(batch), data=offline_form()).status_code for _ in "abc"]
    finally:
        app.config["OFFLINE_SYNC_RATE_LIMIT"] = Config.OFFLINE_SYNC_RATE_LIMIT
    assert answers == [201, 201, 429]
    assert len(events_of(batch)) == 2


def test_the_api_needs_the_csrf_token_of_the_session(app, client, member, coop_tq):
    batch = make_batch(coop_tq)
    sign_in(client, member)  # CSRF is off for the suite: turned on below, as in production
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(send_url(batch), data=offline_form())
        assert refused.status_code == 400 and events_of(batch) == []
        token = client.get("/m/api/token").get_json()["csrf_token"]
        data = offline_form(csrf_token=token)
        accepted = client.post(send_url(batch), data=data, headers={"X-CSRFToken": token})
        assert accepted.status_code == 201, accepted.get_data(as_text=True)[:500]
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def shared_app(app, tmp_path):
    """An app whose requests really run at once: PostgreSQL's pool when the suite runs on it;
    else a SQLite file (the suite's in-memory database is one connection for every thread)."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        yield app
        return
    uri = f"sqlite:///{tmp_path / 'concurrent.sqlite'}"
    other = create_app("testing", SQLALCHEMY_DATABASE_URI=uri, MEDIA_ROOT=str(tmp_path / "media"))
    other.test_client_class = IsolatedClient
    with other.app_context():
        _db.create_all()
    yield other
    with other.app_context():
        _db.engine.dispose()


def _send_at_once(app, url: str, data: dict, member) -> list[int]:
    """Four signed-in clients post ``data`` to ``url`` at the same moment; their statuses."""
    with app.app_context():
        clients = [sign_in(app.test_client(), member) for _ in range(4)]
    answers: list = []
    start = threading.Barrier(len(clients))

    def send(client):
        start.wait()
        answers.append(client.post(url, data=dict(data)).status_code)

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(answers)


def test_two_copies_sent_at_once_record_one_event(shared_app):
    """The phone retries while the first sending is still being handled: one event."""
    with shared_app.app_context():
        coop = factories.CooperativeFactory(province_code=8, commune_code=2266)
        member = factories.UserFactory(role="member", cooperative=coop, password=PASSWORD)
        batch = make_batch(coop)
        url, batch_id, member = send_url(batch), batch.id, SimpleNamespace(email=member.email)
    client_id = str(uuid.uuid4())
    assert _send_at_once(shared_app, url, offline_form(client_id), member) == [200, 200, 200, 201]
    with shared_app.app_context():
        batch = _db.session.get(Batch, batch_id)
        assert len(events_of(batch)) == 1
        assert OfflineRecord.query.filter_by(client_id=client_id).count() == 1
        assert verify_batch(batch).ok


def test_two_copies_of_a_new_batch_sent_at_once_make_one_batch(shared_app):
    with shared_app.app_context():
        coop = factories.CooperativeFactory(province_code=8, commune_code=2266)
        member = factories.UserFactory(role="member", cooperative=coop, password=PASSWORD)
        product = make_product(coop)
        url, coop_id = f"/m/api/products/{product.id}/batches", coop.id
        member = SimpleNamespace(email=member.email)
    data = batch_form(code="LB-OFF-09", client_id=str(uuid.uuid4()))
    assert _send_at_once(shared_app, url, data, member) == [200, 200, 200, 201]
    with shared_app.app_context():
        assert Batch.query.filter_by(cooperative_id=coop_id).count() == 1
        assert OfflineRecord.query.filter_by(cooperative_id=coop_id).count() == 1


def _batch_post(client, product, client_id, **overrides):
    data = batch_form(**overrides)
    data.update(client_id=client_id, saved_at="2026-12-01T02:30:00Z")
    return client.post(f"/m/api/products/{product.id}/batches", data=data)


def test_a_batch_recorded_offline_is_made_once_however_often_it_is_sent(as_member, member, coop_tq):
    product = make_product(coop_tq)
    client_id = str(uuid.uuid4())
    first = _batch_post(as_member, product, client_id, code="LB-OFF-01")
    assert first.status_code == 201, first.get_data(as_text=True)
    assert first.get_json()["message"] == "Đã gửi: lô LB-OFF-01."
    again = _batch_post(as_member, product, client_id, code="LB-OFF-01")
    assert again.status_code == 200
    assert again.get_json()["message"] == "Đã nhận từ trước: lô LB-OFF-01."
    [batch] = Batch.query.filter_by(cooperative_id=coop_tq.id).all()
    assert (batch.code, batch.created_by_id, batch.quantity) == ("LB-OFF-01", member.id, 850)
    record = OfflineRecord.query.filter_by(client_id=client_id).one()
    assert record.batch_id == batch.id and record.event_id is None
    assert first.get_json()["url"] == f"/trace/batches/{batch.id}"


def test_an_offline_batch_is_judged_by_the_batch_forms_rules(as_member, coop_tq, coop_ld):
    product = make_product(coop_tq)
    refused = _batch_post(as_member, product, str(uuid.uuid4()), code="LB LAC #1")
    assert refused.status_code == 422
    assert any(line.startswith("Mã lô hàng") for line in refused.get_json()["errors"])
    taken = _batch_post(as_member, product, str(uuid.uuid4()), code="LB-OFF-02")
    assert taken.status_code == 201
    clash = _batch_post(as_member, product, str(uuid.uuid4()), code="lb-off-02")
    assert clash.status_code == 422 and "đã dùng mã" in " ".join(clash.get_json()["errors"])
    theirs = make_product(coop_ld, sku="SKU-LD")
    assert _batch_post(as_member, theirs, str(uuid.uuid4())).status_code == 403
    assert Batch.query.count() == 1
