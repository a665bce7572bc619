"""Job records and their page (app/background), with jobs run inline: progress, failure with
its reason, "run again" with the same result, a dead worker told by its heartbeat, who may
see a job."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.background import messages, records
from app.background.heartbeat import DEAD_AFTER
from app.extensions import db as _db
from app.models import Job, JobStatus
from app.models.base import utcnow
from tests.support import factories
from tests.support.clients import PASSWORD, sign_in

KINDS = "tests.support.job_kinds"


def _start(app, member, function: str, **arguments) -> Job:
    return records.start(
        app,
        "test.kind",
        f"{KINDS}:{function}",
        arguments,
        user_id=member.id,
        cooperative_id=member.cooperative_id,
    )


def _job(job_id: int) -> Job:
    _db.session.expire_all()
    return _db.session.get_one(Job, job_id)


def test_a_finished_job_offers_its_file_and_runs_again_to_the_same_file(app, as_member, member):
    job = _start(app, member, "write_text", text="Tem lô LB-01")
    job = _job(job.id)
    assert (job.status, job.done, job.total, job.attempts) == (JobStatus.DONE, 3, 3, 1)
    assert job.started_at is not None and job.finished_at is not None
    page = as_member.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and f"/jobs/{job.id}/result" in page
    assert [line["outcome"] for line in job.report] == ["accepted", "refused", "accepted"]
    assert "mục 2" in page and "bị từ chối" in page and "lời nhắn 3" in page
    first = as_member.get(f"/jobs/{job.id}/result")
    assert first.status_code == 200 and first.data == "Tem lô LB-01".encode()
    assert "ket-qua.txt" in first.headers["Content-Disposition"]

    assert as_member.post(f"/jobs/{job.id}/again").status_code == 302
    job = _job(job.id)
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert as_member.get(f"/jobs/{job.id}/result").data == first.data


def test_a_failed_job_shows_its_reason_in_vietnamese_and_runs_again(app, as_member, member):
    job = _start(app, member, "refuses", reason="Lô này đã bị thu hồi")
    job = _job(job.id)
    assert job.status == JobStatus.FAILED and messages.load(job.error) == "Lô này đã bị thu hồi"
    page = as_member.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Lô này đã bị thu hồi" in page and f"/jobs/{job.id}/again" in page
    assert "Chạy lại" in page
    assert as_member.get(f"/jobs/{job.id}/result").status_code == 404

    broken = _job(_start(app, member, "breaks").id)
    assert broken.status == JobStatus.FAILED
    with app.test_request_context():
        said = messages.load(broken.error)
    assert said == "Lỗi không lường trước (ValueError): nobody expected this"


def test_the_same_failed_job_reads_in_vietnamese_and_in_english(app, as_member, member):
    job = _start(app, member, "photos_refused", total=3)
    stored = _job(job.id)
    assert stored.status == JobStatus.FAILED and "Không" not in stored.error  # no language
    assert "photos could not be added" in stored.error
    vi = as_member.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Không thêm được 1 trên 3 ảnh: danh sách dưới đây cho biết lý do." in vi
    assert "Dòng 2" in vi and "“lac.jpg” là tệp rỗng." in vi and "https://example.vn/lac.jpg" in vi
    en = as_member.get(f"/jobs/{job.id}?lang=en").get_data(as_text=True)
    assert "1 of 3 photos could not be added: the list below says why." in en
    assert "Row 2" in en and "“lac.jpg” is empty." in en and "Không thêm được" not in en


def test_a_reason_stored_before_in_vietnamese_reads_as_it_is(app, as_member, member):
    job = _job(_start(app, member, "refuses", reason="x").id)
    line = {"item": "Dòng 4", "outcome": "failed", "message": "Ảnh quá lớn"}
    _set(job, error="Không thêm được 1 trên 2 ảnh", report=[line])  # as rows were written
    for lang in ("vi", "en"):
        page = as_member.get(f"/jobs/{job.id}?lang={lang}").get_data(as_text=True)
        assert "Không thêm được 1 trên 2 ảnh" in page and "Ảnh quá lớn" in page


def test_progress_is_written_at_most_once_a_second(app, db, member):
    job = Job(kind="test.kind", function=f"{KINDS}:breaks", arguments={}, total=1000)
    db.session.add(job)
    db.session.commit()
    job_id, task = job.id, records.Task(job)
    for done in range(1, 1001):
        task.progress(done, step=f"item {done}")
    with db.engine.connect() as connection:  # what another worker reads
        written = connection.execute(select(Job.done).where(Job.id == job_id)).scalar_one()
    assert written == 1  # the first call wrote; the 999 in the same second did not
    task.progress(1000, force=True)
    assert _job(job_id).done == 1000


def _set(job: Job, **values) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    _db.session.commit()


def test_a_running_job_refreshes_until_its_heartbeat_stops(app, as_member, member):
    job = _job(_start(app, member, "write_text", text="x").id)
    now = utcnow()
    _set(job, status=JobStatus.RUNNING, done=4, total=10, step="ảnh 4", heartbeat_at=now)
    page = as_member.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and 'value="4"' in page and "ảnh 4" in page
    assert f"/jobs/{job.id}/again" not in page
    assert as_member.post(f"/jobs/{job.id}/again").status_code == 302
    assert _job(job.id).status == JobStatus.RUNNING  # a live job is not queued twice

    _set(job, heartbeat_at=now - DEAD_AFTER - timedelta(seconds=1))  # its worker was killed
    page = as_member.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and 'data-status="interrupted"' in page
    assert as_member.post(f"/jobs/{job.id}/again").status_code == 302
    job = _job(job.id)
    assert job.status == JobStatus.DONE and job.attempts == 2


def test_a_job_waiting_for_a_retry_says_which_attempt_failed(app, as_member, member):
    job = _job(_start(app, member, "write_text", text="x").id)
    _set(job, status=JobStatus.QUEUED, attempts=1, retries=3, error="đối tác không trả lời")
    page = as_member.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page
    assert "Lần thử 1 thất bại: đối tác không trả lời" in page


@pytest.mark.parametrize("who", ["member_elsewhere", "officer_elsewhere"])
def test_only_people_who_may_act_on_the_cooperative_see_its_jobs(app, client, member, coop_ld, who):
    job = _start(app, member, "write_text", text="x")
    role = "member" if who == "member_elsewhere" else "officer"
    if role == "member":
        other = factories.UserFactory(role="member", cooperative=coop_ld, password=PASSWORD)
    else:
        other = factories.OfficerFactory(areas__province_code=68, password=PASSWORD)
    sign_in(client, other)
    assert client.get(f"/jobs/{job.id}").status_code == 403
    assert client.get(f"/jobs/{job.id}/result").status_code == 403
    assert client.post(f"/jobs/{job.id}/again").status_code == 403
    assert client.get("/jobs/999999").status_code == 404


def test_a_job_over_several_cooperatives_needs_them_all(app, officer, coop_tq, coop_ld):
    job = records.start(
        app,
        "test.kind",
        f"{KINDS}:write_text",
        {"text": "x", "cooperative_ids": [coop_tq.id, coop_ld.id]},
        user_id=officer.id,
        cooperative_id=None,
    )
    client = sign_in(app.test_client(), officer)  # Tuyên Quang only
    assert client.get(f"/jobs/{job.id}").status_code == 403
    admin = factories.UserFactory(role="admin", password=PASSWORD)
    assert sign_in(app.test_client(), admin).get(f"/jobs/{job.id}").status_code == 200


def test_a_job_of_no_cooperative_is_its_askers(app, officer):
    job = records.start(
        app, "test.kind", f"{KINDS}:write_text", {"text": "x"}, user_id=officer.id,
        cooperative_id=None,
    )  # fmt: skip
    assert sign_in(app.test_client(), officer).get(f"/jobs/{job.id}").status_code == 200
    other = factories.OfficerFactory(areas__province_code=8, password=PASSWORD)
    assert sign_in(app.test_client(), other).get(f"/jobs/{job.id}").status_code == 403


def test_an_unknown_function_is_refused_before_anything_is_saved(app, db, member):
    with pytest.raises((ImportError, AttributeError)):
        _start(app, member, "no_such_kind")
    assert db.session.scalars(select(Job)).all() == []


def test_a_running_jobs_step_reads_in_the_readers_language(app, as_member, member):
    from flask_babel import lazy_gettext as _l

    job = _job(_start(app, member, "write_text", text="x").id)
    records.Task(job).progress(4, 10, _l("%(done)d/%(total)d photos", done=4, total=10), True)
    _set(job, status=JobStatus.RUNNING, heartbeat_at=utcnow())
    assert "ảnh" not in _job(job.id).step  # stored in no language
    assert "4/10 ảnh" in as_member.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "4/10 photos" in as_member.get(f"/jobs/{job.id}?lang=en").get_data(as_text=True)
