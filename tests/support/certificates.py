"""Shared helpers for the certificate tests: valid form data, files, direct inserts."""

import io
from datetime import timedelta
from pathlib import Path

from PIL import Image

from app.certificates.rules import add_months
from app.clock import local_today
from app.extensions import db
from app.models import Certificate
from tests.support import factories
from tests.support.media import media_files

TODAY = local_today()
PDF = (  # the smallest real PDF: one blank page, as PDFium must open it (app/uploads.py)
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
VALID = {
    "kind": "ocop",
    "ocop_stars": "3",
    "number": "1578/QĐ-UBND",
    "issuer": "UBND tỉnh Tuyên Quang",
    "scope": "Dầu lạc Lâm Bình",
    "issued_on": (TODAY - timedelta(days=100)).isoformat(),
    "expires_on": "",
}
VIETGAP = dict(
    VALID,
    kind="vietgap",
    ocop_stars="",
    number="VietGAP-TT-23-07-08-0142",
    issuer="Công ty CP Chứng nhận Việt Bắc",
    expires_on=add_months(TODAY, 12).isoformat(),
)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def make_cert(coop, **values) -> Certificate:
    fields = dict(
        kind="vietgap",
        number="VietGAP-TT-01",
        issuer="Tổ chức chứng nhận",
        issued_on=TODAY - timedelta(days=300),
        expires_on=TODAY + timedelta(days=300),
    )
    fields.update(values)
    return factories.CertificateFactory(cooperative=coop, **fields)


def certs(_db, coop=None) -> list[Certificate]:
    db.session.expire_all()
    stmt = db.select(Certificate).order_by(Certificate.id)
    if coop is not None:
        stmt = stmt.where(Certificate.cooperative_id == coop.id)
    return list(db.session.execute(stmt).scalars())


def scan_files(app) -> set[Path]:
    return media_files(app, "certs")


def post_new(client, coop, data, scan=None):
    form = dict(data)
    if scan is not None:
        form["scan"] = (io.BytesIO(scan[0]), scan[1])
    return client.post(
        f"/cooperatives/{coop.id}/certificates/new", data=form, content_type="multipart/form-data"
    )


def edit_url(coop, cert, action="edit"):
    return f"/cooperatives/{coop.id}/certificates/{cert.id}/{action}"
