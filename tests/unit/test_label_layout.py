"""Label layout: module size checks, full-label content, text that must fit."""

import pytest

from app.labels.layout import LabelContent, LabelProblem, plan_label
from app.labels.qr import label_url, qr_origin, symbol_version
from app.labels.serials import serial_code
from app.labels.templates import MIN_MODULE_MM, TEMPLATES
from tests.support.label_samples import PEANUTS

CODE = serial_code(bytes(16), 40000)
URL = label_url(qr_origin("https://lensan.vn"), CODE)
CONTENT = PEANUTS


def test_the_qr_url_is_upper_case_and_alphanumeric():
    assert f"HTTPS://LENSAN.VN/T/{CODE}" == URL
    assert qr_origin("https://lensan.vn/app/") == "HTTPS://LENSAN.VN/app"  # paths keep case
    assert symbol_version(URL, "M") <= 3


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_every_template_takes_a_serialized_label_at_m(name):
    template = TEMPLATES[name]
    plan = plan_label(template, CONTENT, URL, CODE)
    assert plan.module >= MIN_MODULE_MM
    if template.dpi:  # whole printer dots
        dots = plan.module / (25.4 / template.dpi)
        assert abs(dots - round(dots)) < 1e-6
    sizes = [t.size for t in plan.texts]
    assert plan.texts[0].text.startswith("Lạc nhân") and sizes[0] == max(sizes)
    assert all(t.x + 0.01 >= 0 and t.y > 0 for t in plan.texts)


def test_a_payload_too_long_for_the_label_is_refused_with_the_module_size():
    long_url = "HTTPS://" + "X" * 120 + ".VN/T/" + CODE
    with pytest.raises(LabelProblem) as caught:
        plan_label(TEMPLATES["roll-40x30"], CONTENT, long_url, CODE, level="Q")
    assert "0.4 mm" in str(caught.value) and "Thermal roll 40 × 30 mm" in str(caught.value)


def test_a_full_label_lists_what_is_missing():
    with pytest.raises(LabelProblem) as caught:
        plan_label(TEMPLATES["a4-3x8"], CONTENT, URL, CODE, full=True)
    assert caught.value.missing == (
        "responsible",
        "address",
        "origin",
        "ingredients",
        "usage",
        "storage",
        "warnings",
    )
    assert "ingredients" in str(caught.value)


def test_text_that_cannot_fit_is_refused():
    wordy = LabelContent(**{**vars(CONTENT), "product_name": "Lạc nhân đỏ " * 30})
    with pytest.raises(LabelProblem) as caught:
        plan_label(TEMPLATES["a4-5x13"], wordy, URL, CODE)
    assert "A4 sheet, 65 labels 38.1 × 21.2 mm" in str(caught.value)
