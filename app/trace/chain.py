"""The hash chain of a batch's events: canonical content, content hash, and verification.

Pure: no Flask, no database. This is a published format, so that anyone holding a batch's
events (for example from its EPCIS export or a database copy) can check them.

Canonical content of an event (format version 1)
------------------------------------------------

A JSON object, serialised with keys sorted by code point, no white space
(``separators=(",", ":")``), non-ASCII characters written as themselves (not ``\\u`` escapes)
and encoded as UTF-8. Its members:

===================  ==================================================================
``v``                ``1``, the version of this format
``batch``            the batch's public code (the one printed on labels), text
``seq``              the event's number in its batch: 1, 2, 3… in the order recorded
``kind``             ``planting``, ``input``, ``harvest``, ``processing``, ``packing``,
                     ``inspection``, ``storage``, ``shipping``, ``receiving``, ``sale``,
                     ``other``
``occurred_at``      when it happened, UTC, ``YYYY-MM-DDTHH:MM:SSZ`` (with ``.ffffff``
                     before the ``Z`` only when the microseconds are not zero)
``place``            text, ``""`` when none
``commune_code``     the commune's official code (2025 codes), integer or ``null``
``plot_id``          the plot or facility's id, integer or ``null``
``actor``            who did it, text
``notes``            text (line breaks as ``\\n``)
``public``           ``true`` when buyers see the event, else ``false``
``details``          an object of kind-specific members, values text, integers, booleans,
                     ``null``, lists or objects of the same (never floating-point numbers:
                     quantities are decimal text such as ``"1250.5"``)
``photo_keys``       list of the photos' storage keys (each ends in the SHA-256 of the file)
``supersedes_seq``   ``seq`` of the event this one corrects, or ``null``
``recorded_by_id``   the id of the user who recorded it, or ``null``
``recorded_at``      when it was recorded, UTC, same form as ``occurred_at``
``prev_hash``        ``content_hash`` of the event with ``seq - 1``, ``""`` for ``seq`` 1
===================  ==================================================================

All text (member names and values, also inside ``details``) is Unicode NFC. A time without
a zone is taken as UTC. ``content_hash`` is the lowercase hexadecimal SHA-256 of those bytes.

A chain is intact when the events, in ``seq`` order, number 1, 2, 3… without gap, each
``prev_hash`` equals the previous event's ``content_hash``, each ``content_hash`` matches the
event's content, and each ``supersedes_seq`` names an earlier event.
"""

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

FORMAT_VERSION = 1

# What verify reports, as codes; the words are for the CLI (pages translate the codes).
PROBLEMS = {
    "sequence": "the events are not numbered 1, 2, 3… without gap",
    "link": "prev_hash does not match the previous event's content_hash",
    "content": "the stored content does not match its content_hash",
    "supersedes": "the event corrects an event that is not earlier in the batch",
}


@dataclass(frozen=True)
class ChainEvent:
    """The hashed content of one event, as plain values (see the module docstring)."""

    batch: str
    seq: int
    kind: str
    occurred_at: datetime
    recorded_at: datetime
    place: str = ""
    commune_code: int | None = None
    plot_id: int | None = None
    actor: str = ""
    notes: str = ""
    public: bool = True
    details: dict = field(default_factory=dict)
    photo_keys: tuple | list = ()
    supersedes_seq: int | None = None
    recorded_by_id: int | None = None
    prev_hash: str = ""
    content_hash: str = ""  # as stored; not part of the content


@dataclass(frozen=True)
class VerifyReport:
    """The outcome of :func:`verify`. ``checked`` counts the events found intact."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""  # a key of PROBLEMS, "" when ok

    @property
    def description(self) -> str:
        return PROBLEMS.get(self.problem, "")


def utc_text(value: datetime) -> str:
    """``2026-07-05T01:30:00Z``: UTC, seconds, a fraction only when there is one."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text + "Z"


def _plain(value, where: str):
    """The value with its text in NFC; refuses anything the format does not allow."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list | tuple):
        return [_plain(v, where) for v in value]
    if isinstance(value, dict):
        out = {}
        for key, v in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: member names must be text, not {key!r}")
            out[unicodedata.normalize("NFC", key)] = _plain(v, where)
        return out
    raise TypeError(f"{where}: {type(value).__name__} is not allowed (no floats)")


def content(event: ChainEvent) -> dict:
    """The members of the canonical object, before serialisation."""
    return {
        "v": FORMAT_VERSION,
        "batch": _plain(event.batch, "batch"),
        "seq": int(event.seq),
        "kind": _plain(event.kind, "kind"),
        "occurred_at": utc_text(event.occurred_at),
        "place": _plain(event.place or "", "place"),
        "commune_code": _plain(event.commune_code, "commune_code"),
        "plot_id": _plain(event.plot_id, "plot_id"),
        "actor": _plain(event.actor or "", "actor"),
        "notes": _plain(event.notes or "", "notes"),
        "public": bool(event.public),
        "details": _plain(dict(event.details or {}), "details"),
        "photo_keys": _plain(list(event.photo_keys or ()), "photo_keys"),
        "supersedes_seq": _plain(event.supersedes_seq, "supersedes_seq"),
        "recorded_by_id": _plain(event.recorded_by_id, "recorded_by_id"),
        "recorded_at": utc_text(event.recorded_at),
        "prev_hash": _plain(event.prev_hash or "", "prev_hash"),
    }


def canonical(event: ChainEvent) -> bytes:
    """The canonical bytes of an event (the module docstring defines them)."""
    text = json.dumps(
        content(event),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return text.encode("utf-8")


def content_hash(event: ChainEvent) -> str:
    """Lowercase hex SHA-256 of :func:`canonical`."""
    return hashlib.sha256(canonical(event)).hexdigest()


def seal(event: ChainEvent, prev_hash: str) -> ChainEvent:
    """The event linked after ``prev_hash``, with its content hash filled in."""
    linked = replace(event, prev_hash=prev_hash, content_hash="")
    return replace(linked, content_hash=content_hash(linked))


def verify(events: Iterable[ChainEvent]) -> VerifyReport:
    """Check a batch's events in ``seq`` order: numbering, links, content hashes, corrections.

    Stops at the first bad event and reports its ``seq`` (the position expected when the
    numbering itself is broken).
    """
    prev = ""
    checked = 0
    for expected, event in enumerate(events, start=1):
        if event.seq != expected:
            return VerifyReport(False, checked, expected, "sequence")
        if event.prev_hash != prev:
            return VerifyReport(False, checked, event.seq, "link")
        try:
            actual = content_hash(event)
        except (TypeError, ValueError):
            actual = None
        if actual != event.content_hash:
            return VerifyReport(False, checked, event.seq, "content")
        if event.supersedes_seq is not None and not 1 <= event.supersedes_seq < event.seq:
            return VerifyReport(False, checked, event.seq, "supersedes")
        prev = event.content_hash
        checked += 1
    return VerifyReport(True, checked)
