"""Who changed a cooperative's identity, bank account or place, and the moves an officer
must confirm.

The tax code, registration number and bank account are what buyers and partners trust, so
every change to them, by anyone, is recorded with who, when, the old and the new value. A
member cannot move their cooperative (out of their officer's sight, perhaps): the move is
recorded as a request, and only an officer of the cooperative's current area (or an admin)
carries it out or turns it down. Nothing here commits: the caller's service owns the
transaction.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import areas, banks
from ..extensions import db
from ..models import ChangeKind, Cooperative, CooperativeChange, User
from ..services import WHOLE, ServiceError

# The fields whose changes are recorded, and how the history names them.
TRACKED = {
    "tax_code": _l("Tax code"),
    "registration_number": _l("Registration number"),
    "bank_bin": _l("Bank"),
    "bank_account_number": _l("Account number"),
    "bank_account_holder": _l("Account holder"),
}
PLACE = "place"
PLACE_LABEL = _l("Province and commune")


def place_value(province_code: int | None, commune_code: int | None) -> str:
    return f"{province_code}/{commune_code}"


def _place(value: str | None) -> tuple[int, int] | None:
    try:
        province, commune = (value or "").split("/")
        return int(province), int(commune)
    except ValueError:
        return None


def _entry(cooperative, field, kind, old, new, user, answers=None) -> CooperativeChange:
    change = CooperativeChange(
        cooperative_id=cooperative.id,
        field=field,
        kind=kind,
        old_value=old,
        new_value=new,
        user_id=user.id if user is not None else None,
        answers_id=answers.id if answers is not None else None,
    )
    db.session.add(change)
    return change


def record_changes(cooperative: Cooperative, new_values: dict, user: User | None) -> None:
    """Add a row for every tracked field whose value ``new_values`` changes."""
    for field in TRACKED:
        old, new = getattr(cooperative, field), new_values.get(field)
        if (old or None) != (new or None):
            _entry(cooperative, field, ChangeKind.APPLIED, old, new, user)


def record_move(cooperative: Cooperative, province: int, commune: int, user: User) -> None:
    """A move made directly (by an officer or an admin): recorded as it is applied."""
    old = place_value(cooperative.province_code, cooperative.commune_code)
    _entry(cooperative, PLACE, ChangeKind.APPLIED, old, place_value(province, commune), user)


def pending_moves(cooperative: Cooperative) -> list[CooperativeChange]:
    """Move requests of this cooperative that no one has answered yet, oldest first."""
    answered = select(CooperativeChange.answers_id).where(
        CooperativeChange.cooperative_id == cooperative.id,
        CooperativeChange.answers_id.is_not(None),
    )
    stmt = (
        select(CooperativeChange)
        .where(
            CooperativeChange.cooperative_id == cooperative.id,
            CooperativeChange.kind == ChangeKind.REQUESTED,
            CooperativeChange.id.not_in(answered),
        )
        .order_by(CooperativeChange.id)
    )
    return list(db.session.execute(stmt).scalars())


def with_pending_moves(cooperative_ids: list[int]) -> set[int]:
    """Which of these cooperatives have a move waiting for an answer (for the officer's list)."""
    if not cooperative_ids:
        return set()
    answered = select(CooperativeChange.answers_id).where(CooperativeChange.answers_id.is_not(None))
    stmt = select(CooperativeChange.cooperative_id).where(
        CooperativeChange.cooperative_id.in_(cooperative_ids),
        CooperativeChange.kind == ChangeKind.REQUESTED,
        CooperativeChange.id.not_in(answered),
    )
    return set(db.session.execute(stmt).scalars())


def request_move(cooperative: Cooperative, province: int, commune: int, user: User) -> None:
    """Record a member's move for the officer; an earlier request still waiting is replaced."""
    for earlier in pending_moves(cooperative):
        _entry(cooperative, PLACE, ChangeKind.SUPERSEDED, None, None, user, answers=earlier)
    old = place_value(cooperative.province_code, cooperative.commune_code)
    _entry(cooperative, PLACE, ChangeKind.REQUESTED, old, place_value(province, commune), user)


def answer_move(cooperative: Cooperative, change_id: int, confirm: bool, user: User) -> None:
    """Carry out (``confirm``) or turn down a waiting move; ServiceError if it is not one."""
    request = next((c for c in pending_moves(cooperative) if c.id == change_id), None)
    target = _place(request.new_value) if request is not None else None
    if request is None or target is None:
        raise ServiceError(
            {WHOLE: _l("This move was already answered, or is not one of this cooperative.")}
        )
    old = place_value(cooperative.province_code, cooperative.commune_code)
    kind = ChangeKind.CONFIRMED if confirm else ChangeKind.REJECTED
    _entry(cooperative, PLACE, kind, old, request.new_value, user, answers=request)
    if confirm:
        cooperative.province_code, cooperative.commune_code = target


@dataclass(frozen=True)
class HistoryRow:
    """One line of the "Change history" table, ready to show."""

    id: int
    when: datetime
    who: str
    field: object
    kind: object
    old: str
    new: str
    pending: bool


def _shown(field: str, value: str | None) -> str:
    if not value:
        return "—"
    if field == PLACE:
        place = _place(value)
        return areas.place_name(place[1], place[0]) if place else value
    if field == "bank_bin":
        return banks.bank_label(value)
    return value


def history(cooperative: Cooperative, limit: int = 200) -> list[HistoryRow]:
    """The latest recorded changes of ``cooperative``, newest first."""
    waiting = {c.id for c in pending_moves(cooperative)}
    stmt = (
        select(CooperativeChange)
        .where(CooperativeChange.cooperative_id == cooperative.id)
        .order_by(CooperativeChange.id.desc())
        .limit(limit)
        .options(selectinload(CooperativeChange.user))
    )
    rows = []
    for change in db.session.execute(stmt).scalars():
        rows.append(
            HistoryRow(
                id=change.id,
                when=change.created_at,
                who=change.user.name if change.user is not None else "—",
                field=PLACE_LABEL if change.field == PLACE else TRACKED.get(change.field, ""),
                kind=ChangeKind(change.kind).label,
                old=_shown(change.field, change.old_value),
                new=_shown(change.field, change.new_value),
                pending=change.id in waiting,
            )
        )
    return rows
