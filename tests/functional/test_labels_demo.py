"""The demo label runs: PDFs ready to download, a copied label and a forged code listed."""

from app.demo import DEMO_PASSWORD, seed_demo
from app.extensions import db as _db
from app.models import LabelRun, RunStatus
from app.trace.demo import demo_batch
from tests.support.clients import sign_in
from tests.support.labels import decoded_pages, path_of


def test_the_demo_runs_print_and_show_what_a_copy_looks_like(app, db, demo, client):
    again = seed_demo()
    assert not [line for line in again if line.startswith("label run")]
    runs = _db.session.scalars(_db.select(LabelRun).order_by(LabelRun.id)).all()
    assert [(r.batch.public_code, r.kind, r.count, r.status) for r in runs] == [
        ("TQPNT2607A", "batch", 48, RunStatus.DONE),
        ("TQDPN2608A", "serialized", 200, RunStatus.DONE),
    ]
    member = demo_batch("TQPNT2607A").cooperative.members[0]
    sign_in(client, member, DEMO_PASSWORD)
    pdf = client.get(f"/labels/runs/{runs[1].id}/labels.pdf").data
    urls = [url for page in decoded_pages(pdf, 150) for url in page]
    assert len(set(urls)) == 200
    bought = client.get(path_of(urls[0])).get_data(as_text=True)  # reloaded and shared
    assert "Mã chính hãng" in bought and "quét nhiều lần" not in bought
    copied = client.get(path_of(urls[6])).get_data(as_text=True)  # label 7, photocopied
    assert "quét nhiều lần" in copied
    listed = client.get("/labels/suspicious").get_data(as_text=True)
    assert path_of(urls[6]).rsplit("/", 1)[1] in listed and "mã giả" in listed
    assert path_of(urls[0]).rsplit("/", 1)[1] not in listed
