"""The form side of kept uploads (app/kept_uploads.py): a mixin for forms with file fields.

A form lists its file fields in ``keep_rules``. On submit, the tokens the page carried
(``<field>_kept``, less those ticked ``<field>_drop``: "Remove") are checked and their kept
bytes put back into the field, before the form's own checks run, so they judge a kept file as
they judge a direct upload. A file chosen now replaces a kept one in a single-file field and
joins the kept ones in a multiple-file field. A token that cannot be used (expired, another
user's or form's, used already) is a message at its field.

The view then calls, when the form is shown again, :meth:`KeepsFiles.keep_chosen` (each newly
chosen file a direct upload would accept is kept; the template lists ``field.kept``), and when
it succeeded, :meth:`KeepsFiles.used_kept` (every kept file of the form is deleted: a token
works once).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from flask import request
from flask_login import current_user

from .kept_uploads import Kept, KeptError, discard, judge, keep, load

MAX_KEPT = 9  # tokens read per field; a product takes at most 9 photos


@dataclass(frozen=True)
class KeepRule:
    """How large a kept file may be (bytes, or a function of the app's settings) and whether
    a PDF is accepted besides JPEG, PNG and WebP."""

    max_bytes: int | Callable[[], int]
    allow_pdf: bool = False

    def limit(self) -> int:
        return self.max_bytes() if callable(self.max_bytes) else self.max_bytes


def _multiple(field) -> bool:
    return field.type == "MultipleFileField"


def _chosen(field) -> list:
    """The files chosen in this request (not the kept ones)."""
    data = field.data
    if _multiple(field):
        return [f for f in data or [] if f and getattr(f, "filename", None)]
    return [data] if data and getattr(data, "filename", None) else []


class KeepsFiles:
    """Mixin (before ``Form``) for a form whose file fields keep their files across errors."""

    keep_rules: ClassVar[dict[str, KeepRule]] = {}
    _kept: dict[str, list[Kept]]
    _new: dict[str, list]

    def _scope(self) -> str:
        return f"{current_user.get_id()}|{type(self).__name__}|{request.path}"

    def _carried(self, name: str, scope: str) -> tuple[list[Kept], list]:
        """The kept files the page carried for field ``name``, and the messages for bad ones."""
        drops = set(request.form.getlist(f"{name}_drop"))
        kept: list[Kept] = []
        messages: list = []
        for token in request.form.getlist(f"{name}_kept")[:MAX_KEPT]:
            try:
                item = load(token, scope)
            except KeptError as exc:
                if token not in drops:
                    messages.append(exc.message)
                continue
            if token in drops:
                discard(item)
            elif item.token not in {k.token for k in kept}:
                kept.append(item)
        return kept, messages

    def _restore(self) -> dict[str, list]:
        """Put the kept files back into their fields; the messages of unusable tokens."""
        self._kept, self._new = {}, {}
        problems: dict[str, list] = {}
        scope = self._scope()
        for name in self.keep_rules:
            field = self[name]  # type: ignore[index]
            kept, messages = self._carried(name, scope)
            if messages:
                problems[name] = messages
            new = self._new[name] = _chosen(field)
            try:
                if _multiple(field):
                    field.data = [k.upload() for k in kept] + new
                elif not new and kept:
                    field.data = kept[0].upload()
            except KeptError as exc:
                problems.setdefault(name, []).append(exc.message)
            self._kept[name] = kept
        return problems

    def validate(self, extra_validators=None) -> bool:
        problems = self._restore()
        valid = super().validate(extra_validators)  # type: ignore[misc]
        for name, messages in problems.items():
            field = self[name]  # type: ignore[index]
            field.errors = [*field.errors, *messages]
        return valid and not problems

    def keep_chosen(self) -> None:
        """The form is shown again: keep each new file a direct upload would accept, and list
        every kept file of a field as ``field.kept`` for the template."""
        if request.method != "POST":
            return
        if not hasattr(self, "_kept"):  # shown again without validating (a refresh)
            for name, messages in self._restore().items():
                field = self[name]  # type: ignore[index]
                field.errors = [*field.errors, *messages]
        scope = self._scope()
        for name, rule in self.keep_rules.items():
            field = self[name]  # type: ignore[index]
            shown = list(self._kept.get(name, []))
            for upload in self._new.get(name, []):
                kept = _keep_one(upload, rule, scope)
                if kept is None:
                    continue
                if not _multiple(field):
                    for old in shown:
                        discard(old)
                    shown = []
                shown.append(kept)
            field.kept = shown
            self._kept[name] = shown

    def used_kept(self) -> None:
        """The form succeeded: its kept files are saved where they belong; delete them."""
        for kept in getattr(self, "_kept", {}).values():
            for item in kept:
                discard(item)
        self._kept = {}


def _keep_one(upload: Any, rule: KeepRule, scope: str) -> Kept | None:
    limit = rule.limit()
    try:
        upload.stream.seek(0)
        data = upload.read(limit + 1)
    except (OSError, ValueError):
        return None
    ext = judge(data, limit, rule.allow_pdf)
    return None if ext is None else keep(data, upload.filename, ext, scope)
