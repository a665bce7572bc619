"""Shared helpers for the onboarding tests: form data, direct inserts, the evidence folder."""

import io
from pathlib import Path

from app.clock import local_today
from app.extensions import db
from app.models import OnboardingStep
from tests.support import factories
from tests.support.media import media_files

TODAY = local_today()
PDF = (  # the smallest real PDF: one blank page, as PDFium must open it (app/uploads.py)
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)

SHOP_URL = "https://voso.vn/gian-hang/htx-so-1"
DONE_SHOP = {
    "status": "done",
    "done_on": TODAY.isoformat(),
    "evidence_url": SHOP_URL,
    "evidence_note": "Gian hàng được duyệt sau 8 ngày",
}


def url(coop, marketplace="voso", step="shop_approved", action=""):
    base = f"/cooperatives/{coop.id}/onboarding/{marketplace}/{step}"
    return f"{base}/{action}" if action else base


def post_step(client, coop, data, marketplace="voso", step="shop_approved", file=None):
    form = dict(data)
    if file is not None:
        form["evidence_file"] = (io.BytesIO(file[0]), file[1])
    return client.post(url(coop, marketplace, step), data=form, content_type="multipart/form-data")


def make_step(coop, marketplace="voso", step="documents", status="done", **values):
    fields = dict(done_on=TODAY if status == "done" else None, evidence_note="Đủ hồ sơ")
    fields.update(values)
    return factories.OnboardingStepFactory(
        cooperative_id=coop.id, marketplace=marketplace, step=step, status=status, **fields
    )


def steps(_db, coop=None) -> list[OnboardingStep]:
    db.session.expire_all()
    stmt = db.select(OnboardingStep).order_by(OnboardingStep.id)
    if coop is not None:
        stmt = stmt.where(OnboardingStep.cooperative_id == coop.id)
    return list(db.session.execute(stmt).scalars())


def evidence_files(app) -> set[Path]:
    return media_files(app, "proofs")
