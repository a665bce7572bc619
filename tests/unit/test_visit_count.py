"""The people-guided number as people type it: digits, maybe grouped by thousands."""

from hypothesis import given
from hypothesis import strategies as st

from app.numbers import whole_number_or_none


@given(st.integers(min_value=0, max_value=999_999_999))
def test_plain_and_grouped_numbers_read_back(n):
    assert whole_number_or_none(str(n)) == n
    assert whole_number_or_none(f"  {n:,} ") == n
    assert whole_number_or_none(f"{n:,}".replace(",", ".")) == n


@given(st.text(max_size=30))
def test_any_text_gives_a_non_negative_int_or_none(text):
    value = whole_number_or_none(text)
    assert value is None or (isinstance(value, int) and value >= 0)


def test_what_is_not_a_whole_number_is_refused():
    for text in ["", " ", "-3", "12,5", "1.2", "1.2345", "2e3", "mười", "٣", "12 người", None]:
        assert whole_number_or_none(text) is None, text
