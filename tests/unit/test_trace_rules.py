"""The plot and batch rules without an app: GS1 lots, public codes, numbers, dates, cycles."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.numbers import parse_decimal_quantity
from app.rules import RuleError
from app.trace.rules import (
    LOT_CHARS,
    PUBLIC_ALPHABET,
    check_lot,
    check_planting_area_code,
    coordinate_problems,
    date_problems,
    default_expiry,
    lot_prefix,
    new_public_code,
    normalize_public_code,
    parse_area,
    reaches,
    suggest_lot,
)
from tests.support.batches import PUBLIC_CODE

GS1_82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"

# --- lots ---------------------------------------------------------------------------------------


def test_the_lot_alphabet_is_exactly_gs1_set_82():
    assert set(GS1_82) == LOT_CHARS and len(LOT_CHARS) == 82


@given(st.text(alphabet=GS1_82, min_size=1, max_size=20))
def test_every_short_code_of_set_82_is_a_lot(code):
    assert check_lot(code) == code


@given(st.text(alphabet=GS1_82, min_size=21, max_size=40))
def test_longer_codes_are_refused(code):
    with pytest.raises(RuleError, match="20"):
        check_lot(code)


@given(
    st.text(alphabet=GS1_82, max_size=8),
    st.characters(blacklist_characters=GS1_82 + " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0"),
    st.text(alphabet=GS1_82, max_size=8),
)
def test_a_character_outside_set_82_is_named(before, bad, after):
    with pytest.raises(RuleError) as caught:
        check_lot(f"X{before}{bad}{after}Y")
    assert bad in str(caught.value)


@pytest.mark.parametrize("code", ["", "   ", "LÔ-07", "LB LAC", "A#B", "A$B", "A@B", "ă"])
def test_bad_lots(code):
    with pytest.raises(RuleError):
        check_lot(code)


def test_spaces_around_a_lot_are_dropped():
    assert check_lot("  LB-LAC-2026-07 ") == "LB-LAC-2026-07"


def test_suggested_lots_are_valid_and_free():
    day = date(2026, 7, 3)
    assert suggest_lot("LB-LAC", day) == "LB-LAC-2026-07"
    assert suggest_lot("LB-LAC", day, ["lb-lac-2026-07"]) == "LB-LAC-2026-07-2"
    assert suggest_lot("", day) == "LO-2026-07"
    assert lot_prefix(["LB-LAC-500"], "Lạc đỏ") == "LB-LAC"
    assert lot_prefix(["SKU1"], "Dầu lạc Lâm Bình") == "dllb"
    assert suggest_lot(lot_prefix([], "Dầu lạc Lâm Bình"), day) == "DLLB-2026-07"


@given(st.text(max_size=60), st.dates(min_value=date(2000, 1, 1), max_value=date(2999, 12, 31)))
def test_a_suggestion_is_always_a_valid_lot(prefix, day):
    assert check_lot(suggest_lot(prefix, day)) == suggest_lot(prefix, day)


# --- public codes -------------------------------------------------------------------------------


def test_the_public_alphabet_has_no_ambiguous_letters():
    assert len(PUBLIC_ALPHABET) == 32 and not set("ILOU") & set(PUBLIC_ALPHABET)


@given(st.randoms(use_true_random=False))
def test_public_codes_are_ten_characters_of_the_alphabet(random):
    code = new_public_code(random.choice)
    assert len(code) == 10 and PUBLIC_CODE.fullmatch(code)
    assert check_lot(code) == code  # printable as a lot too


def test_public_codes_come_from_a_secure_source_and_do_not_repeat():
    codes = {new_public_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(PUBLIC_CODE.fullmatch(c) for c in codes)


@given(st.text(alphabet=PUBLIC_ALPHABET, min_size=10, max_size=10))
def test_a_typed_code_normalises_to_itself(code):
    assert normalize_public_code(code.lower()) == code
    assert normalize_public_code(f"{code[:5]}-{code[5:]}") == code


def test_look_alike_letters_are_read_as_digits():
    assert normalize_public_code("tqpnt26o7a") == "TQPNT2607A"
    assert normalize_public_code("l1I") == "111"
    assert not PUBLIC_CODE.fullmatch("TQPNT2607") and not PUBLIC_CODE.fullmatch("LBLAC2607A")


# --- numbers, codes, coordinates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [("2,5", "2.5"), ("2.5", "2.5"), ("0,0001", "0.0001"), ("12", "12"), ("", None)],
)
def test_areas(typed, value):
    assert parse_area(typed) == (Decimal(value) if value else None)


@pytest.mark.parametrize("typed", ["0", "-1", "1,23456", "hai", "1.000.000", "200000"])
def test_bad_areas(typed):
    with pytest.raises(RuleError):
        parse_area(typed)


def test_quantities_keep_three_decimals():
    assert parse_decimal_quantity("1250,125") == Decimal("1250.125")
    with pytest.raises(RuleError):
        parse_decimal_quantity("1,2345")


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1.250,5", "1250.5"), ("12.000.000", "12000000"), ("1.5", "1.5"), ("1.25", "1.25")],
)
def test_quantities_grouped_the_vietnamese_way(typed, value):
    assert parse_decimal_quantity(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["1.250", "12.500"])
def test_a_quantity_that_reads_two_ways_is_refused_with_both_readings(typed):
    with pytest.raises(RuleError) as refused:
        parse_decimal_quantity(typed)
    message = str(refused.value.message)
    assert typed.replace(".", "") in message and typed.replace(".", ",") in message


@given(st.integers(min_value=1000, max_value=99_999_999), st.integers(min_value=1, max_value=999))
def test_any_grouped_quantity_reads_as_its_value(whole, decimals):
    typed = f"{whole:,}".replace(",", ".") + f",{decimals:03d}"
    assert parse_decimal_quantity(typed) == Decimal(f"{whole}.{decimals:03d}")


@pytest.mark.parametrize("code", ["VN-TQ-0801-0012", "68.01/0317", ""])
def test_planting_area_codes(code):
    assert check_planting_area_code(code) == code


@pytest.mark.parametrize("code", ["VN TQ", "mã-số", "X" * 41, "A_B"])
def test_bad_planting_area_codes(code):
    with pytest.raises(RuleError):
        check_planting_area_code(code)


def test_coordinates():
    assert coordinate_problems(None, None) == {}
    assert coordinate_problems(Decimal("22.45"), Decimal("105.22")) == {}
    assert set(coordinate_problems(Decimal("22.45"), None)) == {"longitude"}
    assert set(coordinate_problems(Decimal("105"), Decimal("22"))) == {"latitude", "longitude"}
    assert set(coordinate_problems(Decimal("8"), Decimal("110"))) == set()


# --- dates --------------------------------------------------------------------------------------

TODAY = date(2026, 11, 23)


def test_dates():
    day = TODAY - timedelta(days=10)
    assert date_problems(day, day, day, TODAY) == {}
    assert set(date_problems(TODAY + timedelta(days=1), None, None, TODAY)) == {"produced_on"}
    assert set(date_problems(day, day - timedelta(days=1), None, TODAY)) == {"packed_on"}
    assert set(date_problems(day, day + timedelta(2), day + timedelta(1), TODAY)) == {"expires_on"}


def test_default_expiry_counts_from_packing_else_production():
    made, packed = date(2026, 7, 1), date(2026, 7, 11)
    assert default_expiry(made, packed, 180) == packed + timedelta(days=180)
    assert default_expiry(made, None, 180) == made + timedelta(days=180)
    assert default_expiry(made, packed, None) is None


# --- cycles -------------------------------------------------------------------------------------


@given(st.dictionaries(st.integers(0, 12), st.sets(st.integers(0, 12), max_size=3), max_size=12))
def test_reaches_agrees_with_a_plain_search(graph):
    def inputs_of(ids):
        return set().union(*(graph.get(i, set()) for i in ids)) if ids else set()

    def plain(start, target, seen=None):
        seen = seen if seen is not None else set()
        for node in start:
            if node == target:
                return True
            if node not in seen:
                seen.add(node)
                if plain(graph.get(node, set()), target, seen):
                    return True
        return False

    for target in range(13):
        for start in range(13):
            assert reaches({start}, target, inputs_of) == plain({start}, target)


_TYPED_AS = {"0": "0oO", "1": "1iIlL"}  # what a person may type for a digit on the label


@st.composite
def typed_by_hand(draw):
    """A public code and a way a person may type it: any case, look-alikes, spaces, dashes."""
    code = draw(st.text(alphabet=PUBLIC_ALPHABET, min_size=10, max_size=10))
    typed = []
    for ch in code:
        choices = _TYPED_AS.get(ch, ch + ch.lower())
        typed.append(draw(st.sampled_from(choices)))
        typed.append(draw(st.sampled_from(["", "", " ", "-", "\u2013", "\u00a0", "  "])))
    return code, draw(st.sampled_from(["", " "])) + "".join(typed)


@given(typed_by_hand())
def test_a_code_typed_by_hand_normalises_to_the_printed_code(pair):
    code, typed = pair
    assert normalize_public_code(typed) == code
    assert normalize_public_code(normalize_public_code(typed)) == code  # idempotent


@given(st.text(max_size=30))
def test_normalising_never_leaves_separators_or_look_alikes(text):
    value = normalize_public_code(text)
    assert not set(value) & set(" -OIL\u2013") and value == value.upper()
