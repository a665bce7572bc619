"""The funnel chart is well-formed SVG whose bars match the figures, with escaped labels."""

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from app.dashboard.charts import WIDTH, funnel_svg
from app.dashboard.services import FunnelStage, Stage

NS = {"svg": "http://www.w3.org/2000/svg"}


def _stages(*counts):
    return [
        FunnelStage(stage, stage.value, count) for stage, count in zip(Stage, counts, strict=True)
    ]


def _bars(svg):
    root = ET.fromstring(str(svg))
    return {g.get("data-stage"): g.find("svg:rect", NS) for g in root.findall("svg:g", NS)}, root


def test_bars_are_proportional_to_the_first_stage(app):
    with app.test_request_context():
        svg = funnel_svg(_stages(10, None, None, 5, 2, 0), "Phễu")
    bars, root = _bars(svg)
    assert root.find("svg:title", NS).text == "Phễu"
    assert int(bars["registered"].get("width")) == WIDTH
    assert int(bars["seller_account"].get("width")) == WIDTH // 2
    assert int(bars["first_listing"].get("width")) == round(WIDTH * 0.2)
    assert int(bars["first_order"].get("width")) == 0
    assert bars["products_ready"].get("stroke-dasharray")  # untracked: an outline only
    assert "5 (50%)" in str(svg)


def test_no_cooperatives_draws_empty_bars(app):
    with app.test_request_context():
        bars, _ = _bars(funnel_svg(_stages(0, None, None, 0, 0, 0), "t"))
    assert {
        bar.get("width")
        for key, bar in bars.items()
        if key not in ("products_ready", "labels_printed")
    } == {"0"}


# Labels are translations and cleaned names: no control characters (see app/text.py).
LABELS = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)


@given(LABELS, st.lists(st.integers(0, 10_000), min_size=4, max_size=4))
def test_any_label_and_counts_give_valid_svg(app, label, counts):
    total, *rest = counts
    rest = [min(c, total) for c in rest]
    stages = _stages(total, None, None, *rest)
    stages[0] = FunnelStage(Stage.REGISTERED, label, total)
    with app.test_request_context():
        bars, root = _bars(funnel_svg(stages, label))
    assert all(0 <= int(bar.get("width")) <= WIDTH for bar in bars.values())
