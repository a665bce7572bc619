"""The rules a certificate must follow, its status on a day, and the scan's file name.

Pure: no database and no app needed (messages are lazy strings, translated when shown).
Validity periods follow ../shared/notes/marketplaces-and-law.md: an OCOP certificate (3–5
stars) is valid for 36 months; a VietGAP certificate for at most 2 years, plus up to 3 months'
extension.
"""

import calendar
from datetime import date

from flask_babel import lazy_gettext as _l

from ..enums import LabelledEnum
from ..models import CertificateKind

OCOP_MONTHS = 36
VIETGAP_MONTHS = 24 + 3  # two years, plus the three months' extension the rules allow
LONGEST_MONTHS = 120  # any certificate: a later expiry is a typing mistake
EARLIEST_ISSUE = date(1990, 1, 1)
EXPIRING_DAYS = 60
OCOP_STARS = (3, 4, 5)

KIND_ORDER: dict[str, int] = {kind: n for n, kind in enumerate(CertificateKind)}
# Kinds whose papers always carry an expiry date (OCOP's is filled in when left empty).
NEEDS_EXPIRY = {
    CertificateKind.VIETGAP,
    CertificateKind.GLOBALGAP,
    CertificateKind.ORGANIC,
    CertificateKind.FOOD_SAFETY,
}


class CertificateStatus(LabelledEnum):
    VALID = "valid", _l("Valid")
    EXPIRING = "expiring", _l("Expiring soon")
    EXPIRED = "expired", _l("Expired")
    NOT_YET_VALID = "not_yet_valid", _l("Not yet in force")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 31st or 29 February falls back to the month's end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def default_expiry(kind: str, issued_on: date | None) -> date | None:
    """The expiry to assume when none is given: only OCOP has a fixed validity."""
    if kind == CertificateKind.OCOP and issued_on is not None:
        return add_months(issued_on, OCOP_MONTHS)
    return None


def problems(
    kind: str, stars: int | None, issued_on: date, expires_on: date | None, today: date
) -> dict[str, object]:
    """Every broken rule as {field name: message}; empty when the certificate is sound."""
    found: dict[str, object] = {}
    if CertificateKind.of(kind) is None:
        return {"kind": _l("Choose the kind of certificate.")}
    if kind == CertificateKind.OCOP:
        if stars is None:
            found["ocop_stars"] = _l("An OCOP certificate needs its stars (3, 4 or 5).")
        elif stars not in OCOP_STARS:
            found["ocop_stars"] = _l("OCOP products are certified with 3, 4 or 5 stars.")
    elif stars is not None:
        found["ocop_stars"] = _l("Only OCOP certificates have stars. Leave this empty.")
    if issued_on > today:
        found["issued_on"] = _l("The issue date cannot be in the future.")
    elif issued_on < EARLIEST_ISSUE:
        found["issued_on"] = _l("Check the issue date: it is before 1990.")
    if expires_on is None:
        if kind in NEEDS_EXPIRY:
            found["expires_on"] = _l("Enter the expiry date written on the certificate.")
    elif expires_on <= issued_on:
        found["expires_on"] = _l("The expiry date must be after the issue date.")
    elif kind == CertificateKind.OCOP and expires_on > add_months(issued_on, OCOP_MONTHS):
        found["expires_on"] = _l("An OCOP certificate is valid for 36 months from the issue date.")
    elif kind == CertificateKind.VIETGAP and expires_on > add_months(issued_on, VIETGAP_MONTHS):
        found["expires_on"] = _l(
            "A VietGAP certificate is valid for at most 2 years (3 months more with an extension)."
        )
    elif expires_on > add_months(issued_on, LONGEST_MONTHS):
        found["expires_on"] = _l("Check the expiry date: it is more than 10 years after issue.")
    return found


def valid_on(issued_on: date, expires_on: date | None, day: date) -> bool:
    """Whether a certificate is shown as valid on ``day``: from issue to expiry, inclusive (one
    without an expiry date stays valid). :func:`valid_on_clause` in services is its SQL twin."""
    return issued_on <= day and (expires_on is None or day <= expires_on)


def status_on(
    issued_on: date, expires_on: date | None, today: date, days: int = EXPIRING_DAYS
) -> CertificateStatus:
    """Valid, expiring within ``days`` (the expiry day itself still counts), or expired."""
    if issued_on > today:
        return CertificateStatus.NOT_YET_VALID
    if expires_on is None:
        return CertificateStatus.VALID
    if expires_on < today:
        return CertificateStatus.EXPIRED
    if (expires_on - today).days <= days:
        return CertificateStatus.EXPIRING
    return CertificateStatus.VALID
