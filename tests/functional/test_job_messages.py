"""Jobs' words stored in no language (app/background/messages.py): a lazy message keeps its
msgid and parameters and reads in the reader's language, nested messages and numbers
included; any text (a partner's answer, a row written before in Vietnamese) reads as it is."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from hypothesis import given
from hypothesis import strategies as st

from app.background import messages
from app.i18n import LocalNumber


def _in(app, language: str, stored) -> str:
    with app.test_request_context(), force_locale(language):
        return messages.read(stored)


def test_a_message_with_a_nested_message_and_a_number_reads_in_each_language(app):
    reason = _l(
        "%(failed)d of %(total)d photos could not be added: the list below says why.",
        failed=1,
        total=LocalNumber(5000),  # %d: a number still
    )
    title = _l("Reprint of %(count)s labels – batch %(batch)s", count=LocalNumber(5000),
               batch="LB-01")  # fmt: skip
    stored = messages.neutral([reason, _l("“%(name)s” is empty.", name="lac.jpg"), title])
    assert "Không" not in str(stored)  # no language in what is stored
    assert _in(app, "vi", stored) == (
        "Không thêm được 1 trên 5000 ảnh: danh sách dưới đây cho biết lý do. "
        "“lac.jpg” là tệp rỗng. In lại 5.000 tem – Lô LB-01"
    )
    assert _in(app, "en", stored) == (
        "1 of 5000 photos could not be added: the list below says why. “lac.jpg” is empty. "
        "Reprint of 5,000 labels – batch LB-01"
    )


def test_a_msgid_whose_parameters_no_longer_fit_reads_as_its_msgid(app):
    stored = {"msgid": "Unexpected error (%(kind)s): %(error)s", "params": {"kind": "X"}}
    assert _in(app, "en", stored) == "Unexpected error (%(kind)s): %(error)s"


@given(st.text(max_size=300))
def test_any_text_reads_as_it_is_stored_or_as_written_before(app, text):
    with app.test_request_context():
        assert messages.load(messages.dump(text)) == text[: messages.TEXT_MAX]
        if not text.startswith(("{", "[")):
            assert messages.load(text) == text  # a row written before: as it is
        messages.load(text)  # whatever it holds, reading it never fails
