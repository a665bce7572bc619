"""Dates typed day first, whatever the browser's language (issue 18): app/dates.py."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.dates import BAD_DATE, BAD_YEAR, NO_SUCH_DAY, day_text, parse_day
from app.rules import RuleError

MARCH_15 = date(2025, 3, 15)


@pytest.mark.parametrize(
    "typed",
    ["15032025", "15/03/2025", "15-03-2025", "15.03.2025", "2025-03-15", "15/3/2025",
     " 15 / 03 / 2025 ", "2025-3-15"],
)  # fmt: skip
def test_the_ways_people_write_15_march_2025(typed):
    assert parse_day(typed) == MARCH_15


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_empty_is_no_date(typed):
    assert parse_day(typed) is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [("31022025", NO_SUCH_DAY), ("29/02/2025", NO_SUCH_DAY), ("15/13/2025", NO_SUCH_DAY),
     ("00/03/2025", NO_SUCH_DAY), ("2025-02-30", NO_SUCH_DAY), ("15/03/25", BAD_DATE),
     ("15/03-2025", BAD_DATE), ("2025/03/15", BAD_DATE), ("1503202", BAD_DATE),
     ("hôm qua", BAD_DATE), ("١٥/٠٣/٢٠٢٥", BAD_DATE), ("15/03/0025", BAD_YEAR),
     ("15039999", BAD_YEAR)],
)  # fmt: skip
def test_what_is_not_a_date_says_why(typed, message):
    with pytest.raises(RuleError) as caught:
        parse_day(typed)
    assert caught.value.message is message


def test_leap_day_is_a_date():
    assert parse_day("29022024") == date(2024, 2, 29)


DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))


@given(DAYS, st.sampled_from(["%d%m%Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]))
def test_any_day_written_any_accepted_way_reads_back(day, pattern):
    assert parse_day(day.strftime(pattern)) == day


@given(DAYS)
def test_the_shown_text_reads_back_as_the_same_day(day):
    assert parse_day(day_text(day)) == day


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1900, 2199))
def test_day_first_never_swaps_day_and_month(day, month, year):
    typed = f"{day:02d}{month:02d}{year}"
    try:
        parsed = parse_day(typed)
    except RuleError as exc:
        assert exc.message is NO_SUCH_DAY
        return
    assert (parsed.day, parsed.month, parsed.year) == (day, month, year)


@given(st.text(max_size=20))
def test_the_parser_answers_a_date_none_or_a_rule_error(text):
    try:
        parsed = parse_day(text)
    except RuleError:
        return
    assert parsed is None or isinstance(parsed, date)
