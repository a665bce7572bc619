"""Recording trace events in the browser: the form, its messages, corrections, PHI, files."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest

from app.clock import LOCAL
from app.models import TraceEvent
from app.services import ServiceError
from app.trace import event_history
from app.trace import events as events_service
from app.trace.event_history import current_events
from tests.support import factories
from tests.support.certificates import PDF, png_bytes
from tests.support.clients import sign_in
from tests.support.events import at, events_of, form, make_batch, make_plot, record
from tests.support.product_images import photo


def new_url(batch, kind=None):
    return f"/trace/batches/{batch.id}/events/new" + (f"?kind={kind}" if kind else "")


def test_the_kind_is_chosen_first_then_only_its_fields_show(as_member, member, coop_tq):
    """Issue 18: the form showed every kind's fields at once. Without JavaScript the kind is
    a link; the form then shows that kind's fieldset, the others hidden (forms.js switches
    them in place when the select changes)."""
    plot = make_plot(coop_tq)
    batch = make_batch(coop_tq, plot=plot)
    chooser = as_member.get(new_url(batch)).get_data(as_text=True)
    assert 'name="harvest_quantity"' not in chooser
    assert f'href="{new_url(batch, "harvest")}"' in chooser and ">Thu hoạch</a>" in chooser
    page = as_member.get(new_url(batch, "harvest")).get_data(as_text=True)
    assert '<fieldset data-event-kinds="harvest">' in page
    assert '<fieldset data-event-kinds="input" hidden>' in page
    assert '<fieldset data-event-kinds="inspection" hidden>' in page
    assert '<option selected value="harvest">' in page
    assert f'value="{member.name}"' in page
    assert f'<option selected value="{plot.id}">' in page
    assert "js/forms.js" in page and "defer" in page


def test_an_unknown_kind_link_shows_the_choice(as_member, coop_tq):
    batch = make_batch(coop_tq)
    page = as_member.get(new_url(batch, "teleport")).get_data(as_text=True)
    assert "Việc gì đã làm?" in page and 'name="occurred_on"' not in page


def test_a_harvest_starts_today_without_a_time_and_is_kept_as_a_date(as_member, coop_tq):
    """Issue 18: the time defaulted to now for a harvest written down days later."""
    batch = make_batch(coop_tq)
    page = as_member.get(new_url(batch, "harvest")).get_data(as_text=True)
    today = datetime.now(LOCAL).date()
    assert 'id="occurred_on" name="occurred_on"' in page
    assert f'required type="text" value="{today:%d/%m/%Y}"' in page
    assert 'name="occurred_time" type="time" value=""' in page
    planting = as_member.get(new_url(batch, "planting")).get_data(as_text=True)
    assert 'name="occurred_time" type="time" value=""' not in planting
    three_days_ago = today - timedelta(days=3)
    response = as_member.post(
        new_url(batch, "harvest"),
        data=form(
            kind="harvest", occurred_on=f"{three_days_ago:%d/%m/%Y}", occurred_time="",
            harvest_quantity="40", harvest_unit="kg",
        ),
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    [event] = events_of(batch)
    stored = event.occurred_at.replace(tzinfo=None)  # UTC, naive on SQLite
    assert at(three_days_ago, 0, 0).astimezone(UTC).replace(tzinfo=None) == stored
    shown = as_member.get(f"/trace/batches/{batch.id}").get_data(as_text=True)
    assert f"{three_days_ago:%d/%m/%Y}" in shown
    again = as_member.get(f"/trace/batches/{batch.id}/events/{event.id}/correct")
    assert 'name="occurred_time" type="time" value=""' in again.get_data(as_text=True)


def test_a_member_records_a_planting_event(as_member, member, coop_tq):
    plot = make_plot(coop_tq)
    batch = make_batch(coop_tq, plot=plot)
    response = as_member.post(new_url(batch), data=form(plot_id=str(plot.id), commune_code="2266"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/trace/batches/{batch.id}#events")
    [event] = events_of(batch)
    assert (event.seq, event.kind, event.plot_id, event.commune_code) == (
        1,
        "planting",
        plot.id,
        2266,
    )
    assert event.prev_hash == "" and len(event.content_hash) == 64
    assert event.recorded_by_id == member.id and event.public is True
    assert event.details == {}
    assert event_history.verify_batch(batch).ok


def test_transport_places_are_labelled_as_places_not_dates(as_member, coop_tq):
    """Issue 18: the shipment's places were labelled "Từ ngày / Đến ngày" (the filters' dates)."""
    batch = make_batch(coop_tq)
    page = as_member.get(new_url(batch, "shipping")).get_data(as_text=True)
    assert '<label for="transport_from">Nơi đi</label>' in page
    assert '<label for="transport_to">Nơi đến</label>' in page
    assert "Từ ngày" not in page and "Đến ngày" not in page
    assert "Ảnh ghi lại công việc" in page and "Ảnh sản phẩm" not in page  # not the product's
    response = as_member.post(
        new_url(batch),
        data=form(kind="shipping", transport_from="Lâm Bình", transport_to="Hà Nội"),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    shown = as_member.get(f"/trace/batches/{batch.id}").get_data(as_text=True)
    assert "Nơi đi" in shown and "Nơi đến" in shown and "Từ ngày" not in shown


def test_a_real_harvest_unit_fits_and_its_limit_is_shown(as_member, coop_tq):
    """Issue 18: the harvest unit had a hidden 10-character limit."""
    batch = make_batch(coop_tq)
    page = as_member.get(new_url(batch, "harvest")).get_data(as_text=True)
    assert 'maxlength="40" name="harvest_unit"' in page and "tối đa 40 ký tự" in page
    assert 'maxlength="200" name="transport_to"' in page  # every detail shows its limit
    response = as_member.post(
        new_url(batch),
        data=form(kind="harvest", harvest_quantity="12", harvest_unit="thùng 24 hộp 500 g"),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    [event] = events_of(batch)
    assert event.details == {"quantity": "12", "unit": "thùng 24 hộp 500 g"}


def test_only_the_chosen_kinds_fields_are_kept(as_member, coop_tq):
    batch = make_batch(coop_tq)
    as_member.post(
        new_url(batch),
        data=form(
            kind="harvest",
            harvest_quantity="1.250,5".replace(".", ""),
            harvest_unit="kg",
            input_product="Regent 800WG",
            transport_to="Hà Nội",
        ),
    )
    [event] = events_of(batch)
    assert event.details == {"quantity": "1250.5", "unit": "kg"}


def test_input_application_details(as_member, coop_tq):
    batch = make_batch(coop_tq)
    as_member.post(
        new_url(batch),
        data=form(
            kind="input",
            input_product="Regent 800WG",
            input_active_ingredient="Fipronil",
            input_dose="1 gói 1,6 g/bình 16 lít",
            input_phi_days="14",
        ),
    )
    [event] = events_of(batch)
    assert event.details == {
        "product": "Regent 800WG",
        "active_ingredient": "Fipronil",
        "dose": "1 gói 1,6 g/bình 16 lít",
        "phi_days": 14,
    }


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"kind": ""}, "kind", "Chọn việc đã làm."),
        ({"occurred_on": "31/02/2026"}, "occurred_on", "Không có ngày này"),
        ({"occurred_time": "25:99"}, "occurred_time", ""),
        ({"occurred_on": "01/01/2099"}, "occurred_on", "thời điểm trong tương lai"),
        ({"kind": "input", "input_product": ""}, "input_product", "Nhập sản phẩm đã dùng"),
        (
            {"kind": "input", "input_product": "Regent", "input_phi_days": "400"},
            "input_phi_days",
            "từ 0 đến 365",
        ),
        ({"kind": "harvest", "harvest_quantity": "0"}, "harvest_quantity", "lớn hơn 0"),
        ({"kind": "harvest", "harvest_quantity": "abc"}, "harvest_quantity", "lớn hơn 0"),
        ({"kind": "inspection"}, "inspection_result", "Chọn kết quả"),
        (
            {"kind": "inspection", "inspection_result": "other"},
            "inspection_result_text",
            "Mô tả kết quả",
        ),
        ({"kind": "shipping"}, "transport_to", "Nhập nơi nhận hàng"),
        ({"kind": "receiving"}, "transport_from", "Nhập nơi hàng đến từ"),
        (
            {"kind": "harvest", "harvest_quantity": "5", "harvest_unit": "x" * 41},
            "harvest_unit",
            "Tối đa 40 ký tự",
        ),
        ({"place": "x" * 201}, "place", "Tối đa 200 ký tự"),
        ({"commune_code": "25000"}, "commune_code", "Chọn một xã, phường của tỉnh"),
    ],
)
def test_bad_input_is_explained_beside_the_field_in_vietnamese_and_nothing_is_saved(
    as_member, coop_tq, values, field, message
):
    batch = make_batch(coop_tq)
    response = as_member.post(new_url(batch), data=form(**values))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page, page[page.find("error-summary") :][:2000]
    error = page[page.index(f'id="{field}-error"') :][:300]
    assert message in error
    assert events_of(batch) == []
    # What was typed stays in the form.
    assert "Gieo hạt lạc đỏ giống địa phương." in page


def test_a_tampered_plot_id_of_another_cooperative_is_refused(as_member, coop_tq, coop_ld):
    theirs = make_plot(coop_ld, name="Vườn Di Linh")
    batch = make_batch(coop_tq)
    response = as_member.post(new_url(batch), data=form(plot_id=str(theirs.id)))
    assert response.status_code == 200
    assert 'id="plot_id-error"' in response.get_data(as_text=True)
    assert events_of(batch) == []
    with pytest.raises(ServiceError) as caught:
        record(batch, None, plot_id=theirs.id)
    assert set(caught.value.errors) == {"plot_id"}


def test_other_cooperatives_batches_are_refused_by_url(client, db, coop_tq, coop_ld):
    batch = make_batch(coop_tq)
    first = record(batch, None)
    sign_in(client, factories.UserFactory(role="member", cooperative=coop_ld))
    for url in (
        new_url(batch),
        f"/trace/batches/{batch.id}/events/{first.id}/correct",
        f"/trace/batches/{batch.id}/events/{first.id}/document",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(new_url(batch), data=form()).status_code == 403
    assert len(events_of(batch)) == 1


def test_an_event_of_another_batch_is_not_found_through_this_one(as_member, coop_tq):
    mine, other = make_batch(coop_tq), make_batch(coop_tq)
    event = record(other, None)
    url = f"/trace/batches/{mine.id}/events/{event.id}/correct"
    assert as_member.get(url).status_code == 404


def test_correction_supersedes_and_both_stay(as_member, member, coop_tq):
    batch = make_batch(coop_tq)
    wrong = record(batch, member, notes="Gieo 30 kg giống.", actor="Tổ 2")
    record(batch, member, kind="storage", notes="Kho HTX.")
    url = f"/trace/batches/{batch.id}/events/{wrong.id}/correct"
    page = as_member.get(url).get_data(as_text=True)
    assert "Gieo 30 kg giống." in page  # prefilled
    response = as_member.post(url, data=form(notes="Gieo 25 kg giống.", actor="Tổ 2"))
    assert response.status_code == 302
    events = events_of(batch)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].notes == "Gieo 30 kg giống."  # the old one is untouched
    assert events[2].supersedes_id == events[0].id and events[2].notes == "Gieo 25 kg giống."
    assert sorted(e.seq for e in current_events(batch)) == [2, 3]
    assert 1 not in [e.seq for e in current_events(batch, public_only=True)]
    assert event_history.verify_batch(batch).ok
    # A second correction of the same (already corrected) event is turned away.
    again = as_member.get(url)
    assert again.status_code == 302
    with pytest.raises(ServiceError):
        record(batch, member, supersedes=events[0])


def test_correcting_into_an_internal_event_hides_it_from_buyers(db, coop_tq, member):
    batch = make_batch(coop_tq)
    first = record(batch, member, notes="Công khai")
    record(batch, member, notes="Nội bộ", public=False, supersedes=first)
    assert current_events(batch, public_only=True) == []
    assert [e.notes for e in current_events(batch)] == ["Nội bộ"]


def test_the_staff_page_shows_corrections_internal_events_and_an_intact_chain(
    as_member, member, coop_tq
):
    batch = make_batch(coop_tq)
    first = record(batch, member, notes="Ghi nhầm")
    record(batch, member, kind="storage", public=False, notes="Kho lạnh nội bộ")
    record(batch, member, notes="Ghi lại đúng", supersedes=first)
    page = as_member.get(f"/trace/batches/{batch.id}").get_data(as_text=True)
    assert "Lịch sử nguyên vẹn: đã kiểm tra 3 sự kiện." in page
    assert "được sửa bởi #3" in page
    assert "nội bộ" in page
    assert 'class="event event-superseded"' in page


def test_phi_warning_on_saving_and_on_the_staff_page(as_member, member, coop_tq):
    plot = make_plot(coop_tq)
    batch = make_batch(coop_tq, plot=plot, produced_on=date(2026, 7, 30))
    record(
        batch,
        member,
        kind="input",
        when=at(date(2026, 7, 5)),
        details={"product": "Regent 800WG", "dose": "20 ml/bình 16 lít", "phi_days": 14},
    )
    response = as_member.post(
        new_url(batch),
        data=form(
            kind="harvest",
            occurred_on="12/07/2026",
            harvest_quantity="900",
            harvest_unit="kg",
        ),
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    warning = (
        "Thu hoạch ngày 12/07/2026 nằm trong thời gian cách ly 14 ngày của Regent 800WG "
        "phun ngày 05/07/2026"
    )
    assert page.count(warning) == 2  # flashed on saving, and in the batch's warnings
    assert len(events_of(batch)) == 2  # a warning, not a refusal


def test_phi_counts_inputs_on_the_same_plot_and_the_batch_date(db, coop_tq, member):
    plot = make_plot(coop_tq)
    sprayed = make_batch(coop_tq, plot=plot, produced_on=date(2026, 6, 1))
    harvested = make_batch(coop_tq, plot=plot, produced_on=date(2026, 7, 10))
    record(
        sprayed,
        member,
        kind="input",
        when=at(date(2026, 7, 5)),
        details={"product": "Regent 800WG", "phi_days": 14},
    )
    [warning] = event_history.phi_warnings(harvested)
    assert warning.harvest.harvested_on == date(2026, 7, 10)
    assert warning.safe_from == date(2026, 7, 19)
    later = make_batch(coop_tq, plot=plot, produced_on=date(2026, 7, 19))
    assert event_history.phi_warnings(later) == []


def test_events_on_recalled_and_closed_batches_are_recorded_with_a_notice(as_member, coop_tq):
    recalled = make_batch(coop_tq, status="recalled")
    page = as_member.get(new_url(recalled)).get_data(as_text=True)
    assert "Lô này đã bị thu hồi" in page
    response = as_member.post(
        new_url(recalled),
        data=form(kind="inspection", inspection_result="fail", inspection_lab="Quatest 1"),
        follow_redirects=True,
    )
    assert "Lô này đã bị thu hồi: sự kiện vẫn được ghi." in response.get_data(as_text=True)
    assert len(events_of(recalled)) == 1
    closed = make_batch(coop_tq, status="closed")
    assert as_member.post(new_url(closed), data=form(kind="sale")).status_code == 302
    assert len(events_of(closed)) == 1


def test_inspection_document_is_checked_by_content_and_served_to_staff_only(
    as_member, client, coop_tq, coop_ld, app
):
    batch = make_batch(coop_tq)
    data = form(kind="inspection", inspection_result="pass", inspection_lab="Quatest 1")
    bad = as_member.post(
        new_url(batch),
        data=dict(data, inspection_document=(io.BytesIO(b"MZ\x90\x00" + b"\0" * 200), "kq.exe")),
        content_type="multipart/form-data",
    )
    assert bad.status_code == 200
    assert "không phải PDF, JPEG, PNG hay WebP" in bad.get_data(as_text=True)
    renamed = as_member.post(
        new_url(batch),
        data=dict(data, inspection_document=(io.BytesIO(b"MZ\x90\x00" * 50), "ket-qua.pdf")),
        content_type="multipart/form-data",
    )
    assert renamed.status_code == 200 and events_of(batch) == []
    good = as_member.post(
        new_url(batch),
        data=dict(data, inspection_document=(io.BytesIO(PDF), "Phiếu kết quả.exe")),
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    [event] = events_of(batch)
    assert event.details["document_name"] == "Phiếu kết quả.pdf"
    assert event.details["document_key"].startswith("trace-docs/")
    url = f"/trace/batches/{batch.id}/events/{event.id}/document"
    download = as_member.get(url)
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Cache-Control"] == "private, no-store"
    assert "filename*=UTF-8''Phi%E1%BA%BFu" in download.headers["Content-Disposition"]
    assert f"/media/{event.details['document_key']}" not in as_member.get(
        f"/trace/batches/{batch.id}"
    ).get_data(as_text=True)
    assert client.get(f"/media/{event.details['document_key']}").status_code == 404


def test_a_correction_keeps_the_document_and_photos(db, coop_tq, member):
    batch = make_batch(coop_tq)
    doc = events_service.Document(PDF, "pdf", "kq.pdf")
    first = record(
        batch,
        member,
        kind="inspection",
        details={"result": "pass", "lab": "Quatest 1"},
        document=doc,
        photos=[("a.jpg", photo(seed=1))],
    )
    second = record(
        batch,
        member,
        kind="inspection",
        details={"result": "pass", "lab": "Quatest 3"},
        supersedes=first,
    )
    assert second.details["document_key"] == first.details["document_key"]
    assert second.photo_keys == first.photo_keys


def test_photos_are_checked_rendered_and_limited_to_five(as_member, coop_tq, app):
    batch = make_batch(coop_tq)
    files = [(io.BytesIO(photo(seed=n)), f"anh-{n}.jpg") for n in range(2)]
    response = as_member.post(
        new_url(batch), data=dict(form(), photos=files), content_type="multipart/form-data"
    )
    assert response.status_code == 302
    [event] = events_of(batch)
    assert len(event.photo_keys) == 2
    from app import storage
    from app.trace.event_photos import thumb_key

    with app.app_context():
        for key in event.photo_keys:
            assert key.startswith("images/") and storage.path_for(key).is_file()
            assert storage.path_for(thumb_key(key)).is_file()
    six = [(io.BytesIO(photo(seed=n)), f"anh-{n}.jpg") for n in range(6)]
    response = as_member.post(
        new_url(batch), data=dict(form(), photos=six), content_type="multipart/form-data"
    )
    assert "Tối đa 5 ảnh cho mỗi sự kiện." in response.get_data(as_text=True)
    fake = [(io.BytesIO(b"not a photo" * 10), "anh.jpg")]
    response = as_member.post(
        new_url(batch), data=dict(form(), photos=fake), content_type="multipart/form-data"
    )
    assert "anh.jpg" in response.get_data(as_text=True)
    assert len(events_of(batch)) == 1


def test_seq_is_per_batch_and_links_follow(db, coop_tq, member):
    a, b = make_batch(coop_tq), make_batch(coop_tq)
    a1, b1, a2 = record(a, member), record(b, member), record(a, member)
    assert (a1.seq, b1.seq, a2.seq) == (1, 1, 2)
    assert a2.prev_hash == a1.content_hash and b1.prev_hash == ""


def test_a_failed_record_leaves_nothing(db, coop_tq, member):
    batch = make_batch(coop_tq)
    with pytest.raises(ServiceError):
        record(batch, member, kind="harvest", details={"quantity": "-1"})
    with pytest.raises(ServiceError):
        record(batch, member, when=at(date.today() + timedelta(days=3)))
    assert db.session.query(TraceEvent).count() == 0
    png = png_bytes()
    assert png  # the helper is importable for the document tests
