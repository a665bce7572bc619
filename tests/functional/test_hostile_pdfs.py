"""Certificate scans that only look like PDFs at their ends are opened with PDFium and refused
with a clear message; nothing is stored."""

import pytest

from tests.support.certificates import PDF, VALID, certs, post_new, scan_files
from tests.support.images import pdf_bytes


@pytest.mark.parametrize(
    "data, message",
    [
        (b"%PDF-1.7\n" + b"\x00garbage\xff" * 400 + b"\n%%EOF\n", "Tệp PDF này bị hỏng"),
        (pdf_bytes(21), "Tệp PDF này có hơn 20 trang"),
    ],
    ids=["garbage-between-header-and-eof", "too-many-pages"],
)
def test_a_fake_or_overlong_pdf_is_refused(app, as_member, db, coop_tq, data, message):
    before = scan_files(app)
    response = post_new(as_member, coop_tq, VALID, (data, "giay-chung-nhan.pdf"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html and 'id="scan-error"' in html
    assert certs(db) == [] and scan_files(app) == before


def test_a_real_pdf_is_kept(as_member, db, coop_tq):
    assert post_new(as_member, coop_tq, VALID, (pdf_bytes(3), "gcn.pdf")).status_code == 302
    assert post_new(as_member, coop_tq, dict(VALID, number="2"), (PDF, "a.pdf")).status_code == 302
    assert len(certs(db)) == 2
