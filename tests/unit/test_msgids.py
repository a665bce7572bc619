"""Guards against a msgid translated by its other meaning (issue 18: the plot's kind read
"Loại chứng nhận", the shipment's places "Từ ngày / Đến ngày", both borrowed from another
form's identical English word).

One English word used as a label in two places shares one translation; Vietnamese often needs
two. So words that always need saying what they are about are never msgids on their own, and
the short labels that are shared stay in the places reviewed for one meaning."""

import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r"""\b(?:_l|_|gettext|lazy_gettext)\(\s*(["'])(?P<id>[^"'\n]{1,40})\1\s*[,)]""")

# Never a msgid alone: "From what, to what? Kind of what?" ("Departure place", "From date",
# "Kind of place", "Kind of certificate").
BARE = ("From", "To", "Kind", "Kind:", "From:", "To:")

# Short labels used in more than one file, each use reviewed to mean the same thing in
# Vietnamese; a new use must be reviewed (and the msgid split if it means something else).
REVIEWED = {
    "Type": {  # a cooperative's legal form: "Loại hình"
        "app/activity/display.py", "app/cooperatives/forms.py", "templates/imports/preview.html",
    },
    "Open": {"app/models/trace.py", "app/enums.py"},  # a batch's state: "Đang mở" (and a docstring)
    "Time": {"app/trace/event_forms.py"},  # the hour of an event: "Giờ"
    "Date": {  # a day: "Ngày"
        "app/dashboard/report.py", "app/trace/event_forms.py", "app/visits/forms.py",
        "templates/visits/index.html",
    },
    "Code": {  # a code typed or printed: "Mã"
        "app/auth/invite_forms.py", "templates/labels/suspicious.html",
    },
}  # fmt: skip


def _uses() -> dict[str, set[str]]:
    """Every literal msgid in the code and templates -> the files that use it."""
    uses: dict[str, set[str]] = defaultdict(set)
    files = [*ROOT.glob("app/**/*.py"), *ROOT.glob("templates/**/*.html")]
    for path in files:
        for match in CALL.finditer(path.read_text(encoding="utf-8")):
            uses[match["id"]].add(path.relative_to(ROOT).as_posix())
    return uses


def test_the_scan_finds_the_labels_it_guards():
    uses = _uses()
    assert "app/trace/forms.py" in uses["Kind of place"]
    assert "app/trace/event_forms.py" in uses["Departure place"]


@pytest.mark.parametrize("word", BARE)
def test_words_that_need_their_subject_are_never_msgids_alone(word):
    assert not _uses().get(word), f"{word!r} alone has two meanings; say what it is about"


@pytest.mark.parametrize("word", sorted(REVIEWED))
def test_shared_short_labels_stay_where_they_were_reviewed(word):
    assert _uses().get(word, set()) <= REVIEWED[word], (
        f"{word!r} is used in a new place: if it means something else there, give it a msgid "
        "of its own; if not, add the place to REVIEWED"
    )
