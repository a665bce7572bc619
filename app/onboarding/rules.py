"""The rules a checklist step follows, its labels and what counts as evidence.

Pure: no database and no app needed (messages are lazy strings, translated when shown).
A step counts as done only once an officer or administrator confirms it: the public page
lists a shop as soon as its "shop approved" step is done (app/public/services.py), so a
member records progress and evidence, and the officer who checked them sets "done".
"""

from datetime import date
from typing import TypeGuard
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

from ..models import Marketplace, Step, StepStatus

EARLIEST_DONE = date(2015, 1, 1)  # before any of these marketplaces took farm sellers
URL_MAX = 500

# The national marketplaces extension programmes push cooperatives onto: always on the list.
NATIONAL = (Marketplace.VOSO, Marketplace.POSTMART)
# Done without a note, a link or a file, these steps would be a bare claim.
NEEDS_EVIDENCE = {Step.DOCUMENTS, Step.SELLER_ACCOUNT, Step.FIRST_LISTING, Step.FIRST_ORDER}


def marketplace_or_none(value: str) -> Marketplace | None:
    try:
        return Marketplace(value)
    except ValueError:
        return None


def step_or_none(value: str) -> Step | None:
    return Step.of(value)


def is_web_url(url: str | None) -> TypeGuard[str]:
    """An absolute http(s) address with a host: never javascript:, data: or a bare word."""
    if not url or any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def problems(
    step: str,
    status: str,
    done_on: date | None,
    evidence_url: str,
    has_evidence: bool,
    today: date,
    *,
    may_confirm: bool,
    was_done: bool,
) -> dict[str, object]:
    """Every broken rule as {form field name: message}; empty when the step may be saved.

    ``has_evidence``: a note or a file (kept or new). ``may_confirm``: the user is an officer
    or administrator. ``was_done``: the step is confirmed already.
    """
    found: dict[str, object] = {}
    if StepStatus.of(status) is None:
        return {"status": _l("Choose a status from the list.")}
    if not may_confirm and (status == StepStatus.DONE or was_done):
        found["status"] = (
            _l("Only an officer can change a step that was confirmed as done.")
            if was_done
            else _l(
                "Only an officer can confirm a step as done. Save it as “in progress” "
                "with the evidence, and your officer will confirm it."
            )
        )
    if evidence_url and len(evidence_url) > URL_MAX:
        found["evidence_url"] = _l("At most %(max)d characters.", max=URL_MAX)
    elif evidence_url and not is_web_url(evidence_url):
        found["evidence_url"] = _l("Enter a web address starting with https:// or http://.")
    if status != StepStatus.DONE:
        return found
    if done_on is None:
        found["done_on"] = _l("Enter the date the step was done.")
    elif done_on > today:
        found["done_on"] = _l("The date cannot be in the future.")
    elif done_on < EARLIEST_DONE:
        found["done_on"] = _l("Check the date: it is before 2015.")
    if step == Step.SHOP_APPROVED and not evidence_url and "evidence_url" not in found:
        found["evidence_url"] = _l(
            "Enter the address of the approved shop: buyers see it on the public page."
        )
    elif step in NEEDS_EVIDENCE and not (evidence_url or has_evidence):
        found["evidence_note"] = _l(
            "Add the evidence that this step is done: a note, a link or a file."
        )
    return found
