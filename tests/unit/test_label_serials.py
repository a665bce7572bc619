"""Serial codes: a counter and a 65-bit MAC; any change of a character is caught."""

import secrets

from hypothesis import given
from hypothesis import strategies as st

from app.labels.serials import (
    MAC_CHARS,
    MAX_COUNTER,
    grouped,
    mac_matches,
    serial_code,
    serial_counter,
)
from app.trace.rules import PUBLIC_ALPHABET

keys = st.binary(min_size=16, max_size=16)
counters = st.integers(min_value=1, max_value=MAX_COUNTER)


@given(keys, counters)
def test_a_code_names_its_counter_and_verifies_under_its_key(key, counter):
    code = serial_code(key, counter)
    assert 14 <= len(code) <= 20
    assert set(code) <= set(PUBLIC_ALPHABET)
    assert serial_counter(code) == counter
    assert mac_matches(key, code)
    assert mac_matches(key, code.lower())  # typed from the label in lower case


@given(keys, counters, st.data())
def test_changing_any_character_makes_the_code_not_genuine(key, counter, data):
    code = serial_code(key, counter)
    position = data.draw(st.integers(0, len(code) - 1))
    replacement = data.draw(st.sampled_from([c for c in PUBLIC_ALPHABET if c != code[position]]))
    altered = code[:position] + replacement + code[position + 1 :]
    assert not mac_matches(key, altered)


@given(keys, counters)
def test_another_runs_key_does_not_verify(key, counter):
    other = secrets.token_bytes(16)
    assert not mac_matches(other, serial_code(key, counter))


@given(st.text(max_size=30))
def test_any_text_is_read_safely(text):
    counter = serial_counter(text)
    assert counter is None or counter >= 1


def test_codes_are_not_sequential_and_leading_zeros_are_refused():
    key = bytes(16)
    first, second = serial_code(key, 40000), serial_code(key, 40001)
    assert first[-MAC_CHARS:] != second[-MAC_CHARS:]
    assert serial_counter("0" + first) is None  # one counter, one spelling
    assert serial_counter(first[:5]) is None  # too short to carry a MAC


def test_grouped_for_people():
    assert grouped("1000ABCDEFGHJKMNP") == "1000 ABCD EFGH JKMN P"
