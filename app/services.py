"""The contract between every feature's services and its views.

A service takes plain values (a dataclass the form builds with ``form.to_data()``), checks them,
and either saves or raises :class:`ServiceError` having saved nothing. The error maps the name
of each input at fault to a message for the user; the view puts them on the form with
``form.add_errors(error)`` (app/forms.py), the way Django's ``Form.add_error`` does.

A feature subclasses it only when callers need more than the messages: ``LabelProblem``
(the texts a full label lacks), ``ImageError`` (one message per refused photo). A pure rule's
verdict on one typed value is :class:`app.rules.RuleError`; a file judged unreadable before
any service sees it is ``UploadError`` (app/uploads.py) or ``ImportFileError`` (app/imports).

Pure: no Flask, no database, so a pure module may raise it too.
"""

from collections.abc import Mapping

#: The key of a message about the input as a whole rather than one field of it.
WHOLE: str | None = None

#: What a service raises with: input name (or WHOLE) -> message.
Errors = Mapping[str, object] | Mapping[str | None, object]


class ServiceError(ValueError):
    """A service refused its input and changed nothing.

    ``errors`` maps an input's name (a form field's name: ``"code"``, ``"variants-1-sku"``;
    or :data:`WHOLE`) to its message, usually a lazy string.
    """

    def __init__(self, errors: Errors):
        super().__init__("; ".join(str(m) for m in errors.values()))
        self.errors: dict[str | None, object] = {name: m for name, m in errors.items()}

    @property
    def message(self) -> object:
        """The first message: what a page without a form shows (a flash)."""
        return next(iter(self.errors.values()))
