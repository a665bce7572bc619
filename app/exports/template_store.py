"""Marketplace templates and category mappings in the database: what officers upload and
map, and what packs and the readiness check take from it.

A template is read by the engine (:mod:`.template_fill`) before anything is stored: a file it
refuses leaves no row and no stored bytes behind. The bytes go to the media store under the
private ``templates/`` folder (addressed by content), the row keeps what the pages show
(columns filled or not, mandatory first; the marketplace's category list). Every upload is
kept; the newest per (marketplace, marketplace category) is the current one.

Where a current template carries the marketplace's category list, the category a pack writes
is the officers' mapping (:func:`mapped_profile`): a category with no mapping blocks the
product on the check page, with a link to map it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import storage
from ..extensions import db
from ..models import CategoryMapping, MarketplaceTemplate
from ..products import categories
from ..services import ServiceError
from ..text import clean
from . import profiles
from .template_fill import Template, TemplateSet
from .template_layout import TemplateError, read_layout

FOLDER = "templates"
FILE_NAME_MAX = 200


def takes_template(profile) -> bool:
    """Marketplaces whose seller centre hands out a mass-upload template to fill."""
    return profile is not None and profile.kind == "mass_upload"


def template_profiles() -> list:
    return [p for p in profiles.all_profiles().values() if takes_template(p)]


def layout_summary(layout) -> dict:
    """What the pages show of a layout, as JSON: every column with whether we fill it, the
    ones we cannot fill (mandatory first) and the template's category list."""
    return {
        "columns": [
            {"header": c.header, "mandatory": bool(c.mandatory), "filled": c.column is not None}
            for c in layout.columns
        ],
        "unfilled": [{"header": c.header, "mandatory": bool(c.mandatory)} for c in layout.unfilled],
        "categories": list(layout.categories),
    }


def save_template(
    profile, data: bytes, file_name: str, user, marketplace_category: str | None = None
) -> MarketplaceTemplate:
    """Read ``data`` as ``profile``'s template and keep it as the current one (for
    ``marketplace_category``, or the general one). ServiceError names the field at fault;
    nothing is stored then."""
    try:
        layout = read_layout(data, profile)
    except TemplateError as exc:  # its message says what is wrong with the file
        raise ServiceError({"file": getattr(exc, "message", str(exc))}) from None
    if marketplace_category is not None and marketplace_category not in category_list(profile.id):
        raise ServiceError({"marketplace_category": _l("Choose a category from the list.")})
    key = storage.save(data, FOLDER, "xlsx")
    row = MarketplaceTemplate(
        marketplace=profile.id,
        marketplace_category=marketplace_category,
        storage_key=key,
        file_name=clean(file_name)[:FILE_NAME_MAX] or f"{profile.id}.xlsx",
        sha256=key.rsplit("/", 1)[-1].split(".", 1)[0],
        size=len(data),
        sheet=str(layout.sheet)[:100],
        layout=layout_summary(layout),
        uploaded_by_id=user.id if user is not None else None,
    )
    db.session.add(row)
    db.session.commit()
    return row


def current_templates(marketplace: str) -> dict[str | None, MarketplaceTemplate]:
    """The current template of each marketplace category (None: the general one), the
    general first, then by category."""
    stmt = (
        select(MarketplaceTemplate)
        .where(MarketplaceTemplate.marketplace == marketplace)
        .order_by(MarketplaceTemplate.id.desc())
    )
    found: dict[str | None, MarketplaceTemplate] = {}
    for row in db.session.scalars(stmt):
        found.setdefault(row.marketplace_category, row)
    return dict(sorted(found.items(), key=lambda item: (item[0] is not None, item[0] or "")))


def category_list(marketplace: str) -> list[str]:
    """The marketplace's categories as its current templates list them (the general
    template's first), each once; empty when none carries a list."""
    seen: dict[str, None] = {}
    for row in current_templates(marketplace).values():
        for name in row.layout.get("categories", ()):
            seen.setdefault(name, None)
    return list(seen)


def template_set(profile) -> TemplateSet | None:
    """The current templates of ``profile``'s marketplace for a pack to fill, or None when
    there is none (the pack then holds our own sheet)."""
    rows = current_templates(profile.id)
    if not rows:
        return None
    templates = {}
    for category, row in rows.items():
        try:
            data = storage.read(row.storage_key)
            templates[category] = Template(row.file_name, data, read_layout(data, profile))
        except (OSError, TemplateError):  # gone from the store, or read otherwise today
            current_app.logger.warning("template %s of %s left out", row.id, profile.id)
    return TemplateSet(templates) if templates else None


# --- category mappings ------------------------------------------------------------------------


def mappings(marketplace: str) -> dict[str, CategoryMapping]:
    stmt = select(CategoryMapping).where(CategoryMapping.marketplace == marketplace)
    return {m.category: m for m in db.session.scalars(stmt)}


def save_mappings(profile, chosen: Mapping[str, str], user) -> int:
    """Map each of our category codes in ``chosen`` to the marketplace category given
    ("" removes its mapping); returns how many changed. ServiceError (nothing saved) for a
    code we do not have or a category not in the template's list."""
    allowed = set(category_list(profile.id))
    errors = {}
    for code, name in chosen.items():
        if categories.get(code) is None:
            errors[f"category-{code}"] = _l("Unknown category.")
        elif name and name not in allowed:
            errors[f"category-{code}"] = _l("Choose a category from the template's list.")
    if errors:
        raise ServiceError(errors)
    existing = mappings(profile.id)
    changed = 0
    for code, name in chosen.items():
        row = existing.get(code)
        if not name:
            if row is not None:
                db.session.delete(row)
                changed += 1
        elif row is None:
            db.session.add(
                CategoryMapping(
                    marketplace=profile.id,
                    category=code,
                    marketplace_category=name,
                    mapped_by_id=user.id if user is not None else None,
                )
            )
            changed += 1
        elif row.marketplace_category != name:
            row.marketplace_category = name
            row.mapped_by_id = user.id if user is not None else None
            changed += 1
    db.session.commit()
    return changed


def mapped_profile(profile):
    """``profile`` as packs and checks of its marketplace use it now: when a current template
    lists the marketplace's categories, its category for ours is the officers' mapping (one
    naming a category the list no longer has counts as none); else unchanged."""
    listed = category_list(profile.id) if takes_template(profile) else []
    if not listed:
        return profile
    mapping = {code: m.marketplace_category for code, m in mappings(profile.id).items()}
    return with_mapping(profile, mapping, listed)


def with_mapping(profile, mapping: Mapping[str, str], listed) -> "profiles.Profile":
    """Pure: ``profile`` whose categories are ``mapping``'s entries found in ``listed``."""
    listed = tuple(listed)
    known = set(listed)
    kept = {code: name for code, name in mapping.items() if name in known}
    return replace(profile, categories=kept, category_list=listed)


@dataclass(frozen=True)
class TemplateNotes:
    """What the check page says of a marketplace's stored templates."""

    count: int
    unfilled: list[dict]  # {"header", "mandatory"}, mandatory first, each header once


def template_notes(profile) -> TemplateNotes | None:
    if not takes_template(profile):
        return None
    rows = current_templates(profile.id)
    if not rows:
        return None
    seen: dict[str, dict] = {}
    for row in rows.values():
        for column in row.layout.get("unfilled", ()):
            known = seen.setdefault(column["header"], dict(column))
            known["mandatory"] = known["mandatory"] or column["mandatory"]
    unfilled = sorted(seen.values(), key=lambda c: not c["mandatory"])
    return TemplateNotes(len(rows), unfilled)
