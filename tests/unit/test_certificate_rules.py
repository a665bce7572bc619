"""The certificate rules, status and file names, without an app."""

import unicodedata
from datetime import date, timedelta
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from app.certificates.rules import CertificateStatus, add_months, problems, status_on
from app.filenames import content_disposition, scan_filename
from app.models import CertificateKind

TODAY = date(2026, 3, 15)


def test_add_months_keeps_the_day_or_falls_back_to_the_months_end():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2023, 3, 15), 36) == date(2026, 3, 15)
    assert add_months(date(2026, 1, 10), -2) == date(2025, 11, 10)


def test_status_boundaries():
    issued = date(2025, 1, 1)
    assert status_on(issued, TODAY + timedelta(days=61), TODAY) == CertificateStatus.VALID
    assert status_on(issued, TODAY + timedelta(days=60), TODAY) == CertificateStatus.EXPIRING
    assert status_on(issued, TODAY, TODAY) == CertificateStatus.EXPIRING
    assert status_on(issued, TODAY - timedelta(days=1), TODAY) == CertificateStatus.EXPIRED
    assert status_on(issued, None, TODAY) == CertificateStatus.VALID
    assert status_on(TODAY + timedelta(days=1), None, TODAY) == CertificateStatus.NOT_YET_VALID


def test_ocop_36_months_and_vietgap_two_years_plus_extension():
    issued = date(2025, 1, 10)
    assert problems("ocop", 3, issued, date(2028, 1, 10), TODAY) == {}
    assert "expires_on" in problems("ocop", 3, issued, date(2028, 1, 11), TODAY)
    assert problems("vietgap", None, issued, date(2027, 4, 10), TODAY) == {}
    assert "expires_on" in problems("vietgap", None, issued, date(2027, 4, 11), TODAY)
    assert problems("food_safety_commitment", None, issued, None, TODAY) == {}


def test_scan_filename_examples():
    assert scan_filename("C:\\Users\\Hoa\\Quyết định.exe", "pdf") == "Quyết định.pdf"
    assert scan_filename("../../etc/passwd", "png") == "passwd.png"
    assert scan_filename('a"b;c<d>.jpg', "jpg") == "abcd.jpg"
    assert scan_filename("", "pdf") == "giay-chung-nhan.pdf"
    assert scan_filename("....", "pdf") == "giay-chung-nhan.pdf"


@given(st.text(max_size=400), st.sampled_from(["pdf", "jpg", "png", "webp"]))
def test_any_uploaded_name_becomes_a_safe_nfc_name(original, ext):
    name = scan_filename(original, ext)
    assert name.endswith("." + ext) and len(name) <= 200
    assert unicodedata.is_normalized("NFC", name)
    assert not any(ch in name for ch in '/\\"\r\n;\x00')
    header = content_disposition(name)
    header.encode("latin-1")  # a header must be latin-1; the real name travels in filename*
    assert unquote(header.split("filename*=UTF-8''", 1)[1]) == name


kinds = st.sampled_from([k.value for k in CertificateKind] + ["iso9001"])
days = st.dates(min_value=date(1980, 1, 1), max_value=date(2045, 12, 31))


@given(kinds, st.one_of(st.none(), st.integers(-5, 10)), days, st.one_of(st.none(), days))
def test_a_certificate_the_rules_accept_also_satisfies_the_database(kind, stars, issued, expires):
    if problems(kind, stars, issued, expires, TODAY):
        return
    assert kind in {k.value for k in CertificateKind}
    assert stars is None or 3 <= stars <= 5
    assert (stars is not None) == (kind == CertificateKind.OCOP)
    assert expires is None or expires > issued
    assert issued <= TODAY
