"""The short code an invited person types: however it is typed, it reads back the same."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.auth.codes import ALPHABET, LENGTH, display, new_code, parse_code
from app.auth.passwords import password_problem
from app.rules import RuleError

codes = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH)
separators = st.sampled_from(["", " ", "-", "  ", " - ", ".", "\u00a0", "–"])


def test_new_codes_have_8_characters_of_the_alphabet_and_no_look_alikes():
    for _ in range(200):
        code = new_code()
        assert len(code) == LENGTH and set(code) <= set(ALPHABET)
    assert not set("ILOU") & set(ALPHABET)


@given(code=codes, sep=separators, lower=st.lists(st.booleans(), min_size=8, max_size=8))
def test_any_case_and_spacing_reads_back_the_code(code, sep, lower):
    typed = "".join(c.lower() if low else c for c, low in zip(code, lower, strict=True))
    typed = typed[:4] + sep + typed[4:]
    assert parse_code(f"  {typed} ") == code
    assert parse_code(display(code)) == code


@given(code=codes)
def test_look_alike_letters_read_as_the_characters_they_look_like(code):
    typed = code.replace("0", "O").replace("1", "l").replace("V", "u")
    assert parse_code(typed) == code


@given(text=st.text(max_size=40))
def test_any_text_is_a_code_or_a_clear_refusal(text):
    try:
        value = parse_code(text)
    except RuleError as exc:
        assert str(exc.message)
    else:
        assert len(value) == LENGTH and set(value) <= set(ALPHABET)


@pytest.mark.parametrize("typed", ["", "   ", "ABC", "ABCD-EFGH-J", "ABCD*EFG", "ÀBCD EFG"])
def test_wrong_lengths_and_characters_are_refused(typed):
    with pytest.raises(RuleError):
        parse_code(typed)


def test_vietnamese_keyboard_marks_are_forgiven():
    assert parse_code("đđ7k-qm4x") == "DD7KQM4X"
    assert parse_code("Ạ7KQ M4XT") == "A7KQM4XT"


@pytest.mark.parametrize(
    "password",
    ["ngắn", "12345678", "0912345678", "aaaaaaaaaa", "matkhau123", "abcdefgh", "Ma Thị Hoa"],
)
def test_weak_passwords_get_a_reason(password):
    assert password_problem(password, ("0912345678", "hoa@example.vn", "Ma Thị Hoa")) is not None


@pytest.mark.parametrize("password", ["correct horse 42", "Lạc đỏ Nà Va 2026", "123456789012"])
def test_strong_enough_passwords_pass(password):
    assert password_problem(password, ("0912345678", "hoa@example.vn", "Ma Thị Hoa")) is None
