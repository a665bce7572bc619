"""Enums carry their labels: values, labels, choices, and the second wordings some need."""

from app.enums import LabelledEnum
from app.models import CertificateKind, EventKind, Marketplace, PushOutcome, Step


class Colour(LabelledEnum):
    RED = "red", "Red"
    PLAIN = "plain"


def test_a_member_is_its_value_and_carries_its_label():
    assert Colour.RED == "red" and str(Colour.RED) == "red" and f"{Colour.RED}" == "red"
    assert Colour("red") is Colour.RED
    assert Colour.RED.label == "Red"
    assert Colour.PLAIN.label == "plain"  # no label given: its value
    assert Colour.choices() == [("red", "Red"), ("plain", "plain")]


def test_of_and_label_of_take_any_value():
    assert Colour.of("red") is Colour.RED
    assert Colour.of("blue") is None and Colour.of(None) is None and Colour.of([]) is None
    assert Colour.label_of("red") == "Red"
    assert Colour.label_of("blue") == "blue"


def test_the_models_enums_keep_their_order_and_wordings():
    assert [k for k, _ in CertificateKind.choices()][:2] == ["ocop", "vietgap"]
    assert str(EventKind.INPUT.label) == "Input application (fertiliser, pesticide)"
    assert str(EventKind.INPUT.public_label) == "Fertiliser or spraying"
    assert EventKind.HARVEST.public_label is EventKind.HARVEST.label
    assert Marketplace.VOSO.label == "Voso.vn"
    assert str(Step.TRAINING.hint).startswith("Staff were trained")
    assert PushOutcome.ACCEPTED.label == "accepted"
