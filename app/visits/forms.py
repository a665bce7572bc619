"""The visit form, and the GET forms of the list and the totals page.

Field checks here; whether the user covers the commune and may pick the cooperatives is the
service's rule (services.problems), so that no caller can skip it.
"""

from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .. import areas
from ..forms import TOO_LONG, DayField, Form, choices, int_or_none
from ..models import VisitKind
from ..numbers import whole_number_or_none
from .services import (
    Filters,
    VisitData,
    commune_choices_for,
    cooperative_choices,
    province_choices,
)

MAX_PEOPLE = 10_000
BAD_COUNT = _l("Enter a whole number of people, e.g. 25.")


class CountField(IntegerField):
    """An integer field that explains a bad number in the user's language."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = whole_number_or_none(valuelist[0])
        if self.data is None:
            raise ValueError(BAD_COUNT)


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes, easier on a phone than a select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VisitForm(Form):
    visited_on = DayField(
        _l("Date"),
        validators=[InputRequired(_l("Enter the date of the visit or training."))],
    )
    kind = SelectField(
        _l("Visit or training"),
        choices=choices(VisitKind.choices()),
        validate_choice=False,  # services.problems() says what is wrong, in Vietnamese
    )
    province_code = SelectField(_l("Province"), coerce=int_or_none, validate_choice=False)
    commune_code = SelectField(_l("Commune"), coerce=int_or_none, validate_choice=False)
    refresh = SubmitField(_l("Show this province's communes and cooperatives"))
    cooperative_ids = CheckboxesField(
        _l("Cooperatives visited or trained"), coerce=int_or_none, validate_choice=False
    )
    topic = StringField(
        _l("Topic"),
        validators=[
            DataRequired(_l("Enter the topic of the visit or training.")),
            Length(max=200, message=TOO_LONG),
        ],
    )
    people_guided = CountField(
        _l("People guided"),
        validators=[InputRequired(_l("Enter how many people were guided (0 if none)."))],
        render_kw={"min": 0, "max": MAX_PEOPLE, "inputmode": "numeric"},
    )
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000, message=TOO_LONG)])
    submit = SubmitField(_l("Save"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = province_choices(user)
        if not self.is_submitted() and self.province_code.data is None and len(provinces) == 1:
            self.province_code.data = provinces[0].code  # most officers cover one province
        self.province_code.choices = choices(
            [(None, _l("— choose a province —"))] + [(a.code, a.name) for a in provinces]
        )
        self.commune_code.choices = choices(
            [(None, _l("— choose a commune —"))]
            + [(a.code, a.name) for a in commune_choices_for(user, self.province_code.data)]
        )
        self.cooperative_ids.choices = [
            SelectChoice(
                str(c.id),
                f"{c.display_name} · {areas.place_name(c.commune_code, None)}",
                render_kw={"data-province": str(c.province_code)},
            )
            for c in cooperative_choices(user, self.province_code.data)
        ]

    def validate_province_code(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose a province."))

    def validate_commune_code(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose a commune."))

    def validate_people_guided(self, field):
        if field.data is not None and not 0 <= field.data <= MAX_PEOPLE:
            raise ValidationError(_l("Enter a number from 0 to 10,000."))

    def to_data(self) -> VisitData:
        return VisitData(
            kind=self.kind.data,
            visited_on=self.visited_on.data,
            province_code=self.province_code.data,
            commune_code=self.commune_code.data,
            topic=self.topic.data,
            people_guided=self.people_guided.data,
            notes=self.notes.data,
            cooperative_ids=list(self.cooperative_ids.data or []),
        )


class DeleteForm(Form):
    """Only the CSRF token: deleting is a deliberate POST."""

    submit = SubmitField(_l("Delete this visit"))


class DateRangeForm(Form):
    """A GET form: a filtered page is a link one can share."""

    class Meta:
        csrf = False

    start = DayField(_l("From date"), validators=[Optional()])
    end = DayField(_l("To date"), validators=[Optional()])

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date is before the start date."))


class FilterForm(DateRangeForm):
    commune = SelectField(_l("Commune"), coerce=int_or_none, validate_choice=False)

    def __init__(self, communes: list[tuple[int, int]], **kwargs):
        super().__init__(**kwargs)
        self._communes = {code for code, _ in communes}
        self.commune.choices = choices(
            [(None, _l("All communes"))]
            + [(code, areas.place_name(code, province)) for code, province in communes]
        )

    def to_data(self) -> Filters:
        """The filters asked for; a bad date or a commune outside the list is left out."""
        self.validate()
        start = None if self.start.errors else self.start.data
        end = None if self.end.errors else self.end.data
        commune = self.commune.data if self.commune.data in self._communes else None
        return Filters(start=start, end=end, commune_code=commune)
