"""A coordinate pair pasted into one field (issue 18): decimal degrees, degrees-minutes-
seconds and Google Maps links are read alike; anything else is a clear RuleError."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.coordinates import parse_point, point_text
from app.rules import RuleError

LAT = st.decimals(min_value=Decimal("8"), max_value=Decimal("24"), places=6)
LON = st.decimals(min_value=Decimal("102"), max_value=Decimal("110"), places=6)
EXPECTED = (Decimal("21.8237"), Decimal("105.2143"))


@pytest.mark.parametrize(
    "text",
    [
        "21.8237, 105.2143",
        "21.8237,105.2143",
        "21.8237 105.2143",
        "21,8237; 105,2143",
        "21,8237, 105,2143",
        " (21.8237, 105.2143) ",
        "geo:21.8237,105.2143",
        "21.8237N 105.2143E",
        "https://www.google.com/maps/@21.8237,105.2143,17z",
        "https://www.google.com/maps/place/N%C6%B0%C6%A1ng/@21.9,105.3,15z/data=!3m1!4b1!4m6!3m5!8m2!3d21.8237!4d105.2143",
        "https://maps.google.com/?q=21.8237,105.2143",
        "https://www.google.com/maps/search/?api=1&query=21.8237%2C105.2143",
    ],
)
def test_a_pasted_pair_is_read(text):
    assert parse_point(text) == EXPECTED


@pytest.mark.parametrize(
    "text",
    [
        "21°49'25\"N 105°12'51\"E",
        "21° 49′ 25″ N, 105° 12′ 51″ E",
        "N 21°49'25\" E 105°12'51\"",
        "105°12'51\"E 21°49'25\"N",  # the letters say which is which
        "21°49'25\" 105°12'51\"",
    ],
)
def test_degrees_minutes_seconds_are_read(text):
    assert parse_point(text) == (Decimal("21.823611"), Decimal("105.214167"))


@pytest.mark.parametrize(
    "text",
    ["21.8", "abc", "21°61'N 105°E", "21°N 22°N", "1 2 3", "21.8237, 105.2143, 7"],
)
def test_what_is_not_a_pair_is_refused_with_a_message(text):
    with pytest.raises(RuleError, match="latitude|vĩ độ"):
        parse_point(text)


def test_a_short_link_says_to_open_it():
    with pytest.raises(RuleError) as caught:
        parse_point("https://maps.app.goo.gl/Xy12AbCd")
    assert "short link" in str(caught.value.message)


def test_empty_is_none():
    assert parse_point("  ") is None and parse_point(None) is None


@given(LAT, LON, st.sampled_from([", ", ",", " ", "; ", " , "]), st.booleans())
def test_decimal_pairs_round_trip(lat, lon, separator, comma):
    text = f"{lat}{separator}{lon}"
    if comma and ";" in separator:
        text = text.replace(".", ",")  # the Vietnamese decimal comma
    assert parse_point(text) == (lat, lon)
    assert parse_point(point_text(lat, lon)) == (lat, lon)


@given(LAT, LON)
def test_dms_is_within_a_tenth_of_a_second(lat, lon):
    def dms(value, letter):
        seconds = (value * 3600).quantize(Decimal("0.01"))
        d, rest = divmod(seconds, 3600)
        m, s = divmod(rest, 60)
        return f"{int(d)}°{int(m)}'{s}\"{letter}"

    got = parse_point(f"{dms(lat, 'N')} {dms(lon, 'E')}")
    assert abs(got[0] - lat) < Decimal("0.00001") and abs(got[1] - lon) < Decimal("0.00001")


@given(LAT, LON)
def test_google_maps_links_round_trip(lat, lon):
    url = f"https://www.google.com/maps/@{lat},{lon},15z"
    assert parse_point(url) == (lat, lon)


@given(st.text(max_size=200))
def test_any_text_is_a_pair_or_a_rule_error(text):
    try:
        found = parse_point(text)
    except RuleError:
        return
    assert found is None or all(isinstance(x, Decimal) and x.is_finite() for x in found)
