"""What each kind of job is called on its page. A feature adds its kinds here when it
starts jobs of a new kind; an unknown kind shows as it is stored."""

from flask_babel import lazy_gettext as _l

NAMES = {
    "labels.reprint": _l("Reprint of labels"),
    "exports.pack": _l("Export pack"),
    "exports.push": _l("Sending listings to a partner"),
}


def kind_name(kind: str) -> str:
    return str(NAMES.get(kind, kind))
