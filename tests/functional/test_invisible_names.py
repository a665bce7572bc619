"""Bidi controls and zero-width characters never reach a stored name or a download's name.

A right-to-left override can make "hoadon\u202egnp.exe" read as "hoadonexe.png"; a zero-width
space makes two names that look the same differ. Both come in through forms and uploads.
"""

import io
import shutil
from pathlib import Path

from app.models import Certificate, Cooperative
from tests.support.certificates import VALID, png_bytes, post_new
from tests.support.product_import_files import good_rows, xlsx

RLO, ZWSP, BOM = "\u202e", "\u200b", "\ufeff"


def test_a_cooperative_name_loses_its_bidi_and_zero_width_characters(as_officer, db, coop_tq):
    data = {
        "legal_name": f"{BOM}Hợp tác xã{ZWSP} Chè{RLO}",
        "short_name": "HTX\u2066 Chè\u2069",
        "kind": "htx",
        "tax_code": coop_tq.tax_code,
        "province_code": "8",
        "commune_code": "2266",
    }
    assert as_officer.post(f"/cooperatives/{coop_tq.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    coop = db.session.get(Cooperative, coop_tq.id)
    assert (coop.legal_name, coop.short_name) == ("Hợp tác xã Chè", "HTX Chè")


def test_an_uploaded_scan_keeps_a_name_without_an_override(as_member, db, coop_tq):
    response = post_new(as_member, coop_tq, VALID, (png_bytes(), f"hoadon{RLO}gnp.exe"))
    assert response.status_code == 302
    (cert,) = db.session.execute(db.select(Certificate)).scalars()
    assert cert.document_name == "hoadongnp.png"


def test_a_name_stored_before_the_fix_is_cleaned_in_the_download_header(as_member, db, coop_tq):
    post_new(as_member, coop_tq, VALID, (png_bytes(), "scan.png"))
    (cert,) = db.session.execute(db.select(Certificate)).scalars()
    cert.document_name = f"hoadon{RLO}gnp.exe{ZWSP}.png"
    db.session.commit()
    response = as_member.get(f"/cooperatives/{coop_tq.id}/certificates/{cert.id}/scan")
    header = response.headers["Content-Disposition"]
    assert response.status_code == 200
    assert "%E2%80%AE" not in header and "%E2%80%8B" not in header
    assert "hoadongnp.exe.png" in header


def test_an_import_file_name_is_shown_without_its_override(app, as_officer, db, coop_tq):
    response = as_officer.post(
        "/import/products",
        data={"file": (io.BytesIO(xlsx(good_rows(coop_tq.slug))), f"san-pham{RLO}xslx.exe")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    shutil.rmtree(Path(app.config["MEDIA_ROOT"]) / "imports", ignore_errors=True)
    assert "san-phamxslx.exe" in html and RLO not in html
