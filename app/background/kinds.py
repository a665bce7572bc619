"""What each kind of job is called on its page. A feature adds its kinds here when it
starts jobs of a new kind; an unknown kind shows as it is stored."""

from flask_babel import lazy_gettext as _l

NAMES = {
    "labels.reprint": _l("Reprint of labels"),
    "exports.pack": _l("Export pack"),
    "exports.push": _l("Sending listings to a partner"),
    "imports.products": _l("Import of products"),
    "product_images.renditions": _l("Photo versions for pages and marketplaces"),
}


def kind_name(kind: str) -> str:
    return str(NAMES.get(kind, kind))


OUTCOMES = {
    "accepted": _l("accepted"),
    "conflict": _l("conflict"),
    "refused": _l("refused"),
    "failed": _l("failed"),
    "unchanged": _l("unchanged"),
}


def outcome_name(outcome: str) -> str:
    """How an item's outcome in a job's report reads (a kind's own words, else as stored)."""
    return str(OUTCOMES.get(outcome, outcome))
