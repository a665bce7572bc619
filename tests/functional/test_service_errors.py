"""The contract between services and forms: ServiceError and Form.add_errors."""

from flask import get_flashed_messages
from wtforms import StringField

from app.forms import Form
from app.services import WHOLE, ServiceError


class NameForm(Form):
    class Meta:
        csrf = False

    name = StringField()
    code = StringField()


class CodeFirstForm(NameForm):
    errors_elsewhere = "code"


def test_a_service_error_keeps_its_messages_by_field():
    error = ServiceError({"name": "Enter a name.", WHOLE: "Nothing was saved."})
    assert error.errors == {"name": "Enter a name.", None: "Nothing was saved."}
    assert error.message == "Enter a name."
    assert str(error) == "Enter a name.; Nothing was saved."
    assert isinstance(error, ValueError)


def test_each_message_goes_beside_its_field_once(app):
    with app.test_request_context(method="POST"):
        form = NameForm()
        form.add_errors(ServiceError({"name": "Too long.", "code": "Taken."}))
        form.add_errors(ServiceError({"name": "Too long."}))
        assert form.name.errors == ["Too long."]
        assert form.code.errors == ["Taken."]
        assert get_flashed_messages() == []


def test_a_message_for_the_whole_form_goes_where_the_form_says(app):
    with app.test_request_context(method="POST"):
        form = CodeFirstForm()
        form.add_errors(ServiceError({WHOLE: "Someone saved it just now.", "gone": "Unknown."}))
        assert form.code.errors == ["Someone saved it just now.", "Unknown."]
        assert not form.name.errors


def test_without_a_field_for_it_a_message_is_flashed_as_an_error(app):
    with app.test_request_context(method="POST"):
        form = NameForm()
        form.add_errors(ServiceError({WHOLE: "This event was already corrected."}))
        assert not form.name.errors and not form.code.errors
        assert get_flashed_messages(with_categories=True) == [
            ("error", "This event was already corrected.")
        ]
