"""Parsing GS1 Digital Link paths without an app: what is valid, and what each error names."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.gs1 import BadDigitalLink, DigitalLink, Problem, dl_path, parse_path

GTIN = "08934567000017"
# The GS1 AI character set 82 (what a lot or serial may hold).
CSET82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"/01/{GTIN}", DigitalLink(GTIN)),
        ("/01/8934567000017", DigitalLink(GTIN)),  # GTIN-13, padded as biip does
        (f"/01/{GTIN}/", DigitalLink(GTIN)),
        (f"/01/{GTIN}/10/LB-LAC-2026-07", DigitalLink(GTIN, lot="LB-LAC-2026-07")),
        (f"/01/{GTIN}/10/LB%2FLAC", DigitalLink(GTIN, lot="LB/LAC")),
        (f"/01/{GTIN}/10/A%25B", DigitalLink(GTIN, lot="A%B")),
        (f"/01/{GTIN}/10/A+B", DigitalLink(GTIN, lot="A+B")),  # "+" is "+" in a path
        (f"/01/{GTIN}/10/L/21/S1", DigitalLink(GTIN, lot="L", serial="S1")),
        (f"/01/{GTIN}/22/V/10/L/21/S", DigitalLink(GTIN, cpv="V", lot="L", serial="S")),
        (f"/01/{GTIN}/21/S1", DigitalLink(GTIN, serial="S1")),
        (f"/01/{GTIN}/235/T1", DigitalLink(GTIN, tpx="T1")),
    ],
)
def test_valid_paths(path, expected):
    assert parse_path(path) == expected


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/01/08934567000018", Problem.GTIN_CHECK_DIGIT),
        ("/01/123", Problem.GTIN_FORMAT),
        ("/01/０８９３４５６７０００００１７", Problem.GTIN_FORMAT),  # full-width digits
        (f"/01/{GTIN}/21/S/10/L", Problem.QUALIFIER_ORDER),
        (f"/01/{GTIN}/10/L/22/V", Problem.QUALIFIER_ORDER),
        (f"/01/{GTIN}/21/S/21/T", Problem.QUALIFIER_ORDER),
        (f"/01/{GTIN}/10/L/235/T", Problem.QUALIFIER_ORDER),
        (f"/01/{GTIN}/17/261231", Problem.UNKNOWN_QUALIFIER),
        (f"/01/{GTIN}/10/{'X' * 21}", Problem.LOT),
        (f"/01/{GTIN}/10/L%C3%A2m", Problem.LOT),
        (f"/01/{GTIN}/10/A%20B", Problem.LOT),
        (f"/01/{GTIN}/21/{'1' * 21}", Problem.SERIAL),
        (f"/01/{GTIN}/10", Problem.SHAPE),
        (f"/01/{GTIN}/10/%G1", Problem.SHAPE),
        (f"/01/{GTIN}//", Problem.SHAPE),
        ("/00/106141412345678908", Problem.SHAPE),
        ("/01/" + "1" * 500, Problem.SHAPE),
    ],
)
def test_invalid_paths_name_the_problem(path, problem):
    with pytest.raises(BadDigitalLink) as raised:
        parse_path(path)
    assert raised.value.problem == problem


def test_canonical_path_encodes_values_and_orders_qualifiers():
    link = DigitalLink(GTIN, cpv="V", lot="LB/LAC 1", serial="S")
    assert link.path == f"/01/{GTIN}/22/V/10/LB%2FLAC%201/21/S"
    assert dl_path(GTIN) == f"/01/{GTIN}"


VALUE = st.text(alphabet=CSET82, min_size=1, max_size=20)


@given(lot=VALUE, serial=st.none() | VALUE)
def test_any_valid_lot_and_serial_round_trip(lot, serial):
    link = DigitalLink(GTIN, lot=lot, serial=serial)
    assert parse_path(link.path) == link
