"""The export pack's choice (marketplace, cooperatives) and the listing status forms: the
grid of variants × marketplaces, and live addresses pasted one per line."""

from functools import cache

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import InputRequired, Length, ValidationError

from ..forms import Form, choices, int_or_none
from ..models import ListingStatus
from ..onboarding.rules import URL_MAX
from . import profiles
from .listing_status import Change
from .listing_urls import UrlLine, line_message, parse_lines


class ChooseForm(Form):
    """GET form: which marketplace, which cooperatives (``?marketplace=…&cooperative=…``)."""

    class Meta:
        csrf = False

    marketplace = SelectField(
        _l("Marketplace"), validators=[InputRequired(_l("Choose a marketplace."))]
    )
    cooperative = SelectMultipleField(
        _l("Cooperatives"),
        coerce=int_or_none,
        validate_choice=False,  # checked below, with our own message
        validators=[InputRequired(_l("Choose at least one cooperative."))],
        option_widget=widgets.CheckboxInput(),  # ticks, not a Ctrl-click list (index.html)
    )

    def __init__(self, cooperatives, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.marketplace.choices = choices(
            [(None, _l("Choose…"))] + [(p.id, p.name) for p in profiles.all_profiles().values()]
        )
        self.cooperative.choices = choices((c.id, c.display_name) for c in cooperatives)

    def validate_cooperative(self, field):
        allowed = {int(choice.value) for choice in field.choices}
        if not field.data or any(value not in allowed for value in field.data):
            raise ValidationError(_l("Choose cooperatives from the list."))


class SelectionForm(Form):
    """POST from the readiness page: the ticked products of the chosen cooperatives, to
    download as a pack or to send to a partner's API."""

    marketplace = StringField(validators=[InputRequired()])
    cooperative = SelectMultipleField(coerce=int_or_none, validate_choice=False)
    product = SelectMultipleField(coerce=int_or_none, validate_choice=False)


class BulkStatusBase(Form):
    """The grid: ticked (variant, marketplace) cells, one status for them all, the address
    on each marketplace (the ``url_<marketplace>`` fields :func:`bulk_status_form` adds)
    and the rejection's reason."""

    errors_elsewhere = "cells"
    form_name = HiddenField(default="grid")
    cells = SelectMultipleField(_l("Listings"), validate_choice=False)
    status = SelectField(_l("Status"))
    reason = TextAreaField(_l("Why it was rejected"), validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices([
            (ListingStatus.LIVE.value, _l("Live on the marketplace")),
            (ListingStatus.REJECTED.value, _l("Rejected by the marketplace")),
            (ListingStatus.DRAFT.value, _l("Back to draft")),
        ])  # fmt: skip

    def url_field(self, marketplace: str):
        return self[f"url_{marketplace}"]

    def changes(self) -> list[Change]:
        """The ticked cells (``"<variant id>:<marketplace>"``), each with its column's
        address; a tampered value is dropped (the service refuses an empty choice)."""
        found = []
        for value in self.cells.data or []:
            variant, _sep, marketplace = str(value).partition(":")
            variant_id = int_or_none(variant)
            if variant_id is not None and profiles.get(marketplace) is not None:
                url = self.url_field(marketplace).data or ""
                found.append(Change(variant_id, marketplace, url, f"url_{marketplace}"))
        return found


@cache
def _bulk_status_class():
    fields = {
        f"url_{p.id}": StringField(
            _l("Address on %(marketplace)s", marketplace=p.name),
            validators=[Length(max=URL_MAX)],
        )
        for p in profiles.all_profiles().values()
    }
    return type("BulkStatusForm", (BulkStatusBase,), fields)


def bulk_status_form(**kwargs) -> BulkStatusBase:
    """The grid form, with an address field per marketplace profile."""
    return _bulk_status_class()(**kwargs)


ALL_VARIANTS = "all"


class PasteForm(Form):
    """Live addresses pasted one per line, each matched to its marketplace; when the product
    has several variants, a second step asks which variant each line is (``variant-<line>``:
    a variant's id, or "all")."""

    form_name = HiddenField(default="paste")
    urls = TextAreaField(_l("Live addresses, one per line"), validators=[Length(max=100_000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: list[UrlLine] = []
        self.line_errors: dict[int, object] = {}

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        self.lines, found = parse_lines(self.urls.data or "", profiles.url_patterns())
        self.urls.errors = [line_message(p) for p in found]
        return not found

    def choices_of(self, variants, formdata) -> list[Change] | None:
        """The changes the lines ask for, each line's variant read from ``formdata``; None
        (with ``line_errors`` filled) when a line has no variant chosen or repeats another's."""
        ids = {str(v.id): v.id for v in variants}
        changes: list[Change] = []
        seen: dict[tuple[int, str], int] = {}
        for line in self.lines:
            chosen = (formdata or {}).get(f"variant-{line.number}", "")
            if len(variants) == 1:
                chosen = str(variants[0].id)
            one = ids.get(chosen)
            picked = list(ids.values()) if chosen == ALL_VARIANTS else [one] if one else []
            if not picked:
                self.line_errors[line.number] = _l("Choose the variant this address sells.")
                continue
            for variant_id in picked:
                earlier = seen.setdefault((variant_id, line.marketplace), line.number)
                if earlier != line.number:
                    self.line_errors[line.number] = _l(
                        "Line %(line)d gives this variant on this marketplace already.",
                        line=earlier,
                    )
                changes.append(Change(variant_id, line.marketplace, line.url, "urls"))
        return None if self.line_errors else changes
