"""What a job is about, for people: a title ("In lại 5.000 tem – Lô LB-2026-01") and a link
back to the page of the thing it works on (the label run, the readiness check, the products,
the product's photos), read from the job's own arguments when its page or the list shows it.

One function per kind; a kind without one (or whose subject was deleted meanwhile) is
named by its kind alone, with no link.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..i18n import LocalNumber
from ..models import Cooperative, Job, LabelRun, ProductImage, ProductImport
from .kinds import kind_name


@dataclass(frozen=True)
class Subject:
    title: str
    url: str | None = None  # the page of what the job works on
    link: str = ""  # that link's words


def subject(job: Job) -> Subject:
    """``job``'s title and its way back."""
    describe = _DESCRIBE.get(job.kind)
    found = describe(job) if describe is not None else None
    return found or Subject(kind_name(job.kind))


def _who(job: Job) -> str:
    """The cooperative the job is for, or how many."""
    ids = job.arguments.get("cooperative_ids") or (
        [job.cooperative_id] if job.cooperative_id else []
    )
    if len(ids) == 1:
        coop = db.session.get(Cooperative, ids[0])
        return (coop.short_name or coop.legal_name) if coop is not None else ""
    return _("%(count)d cooperatives", count=len(ids)) if ids else ""


def _local(url) -> str | None:
    """``url`` when it is a path of this site (the job's own arguments, written by us)."""
    local = isinstance(url, str) and url.startswith("/") and not url.startswith(("//", "/\\"))
    return url if local else None


def _titled(title: str, who: str) -> str:
    return f"{title} – {who}" if who else title


def _reprint(job: Job) -> Subject | None:
    run = db.session.get(LabelRun, job.arguments.get("run_id", 0))
    if run is None:
        return None
    count = job.arguments["stop"] - job.arguments["start"] + 1
    return Subject(
        _("Reprint of %(count)s labels – batch %(batch)s", count=LocalNumber(count),
          batch=run.batch.code),
        url_for("labels.run", run_id=run.id),
        _("Back to the label run"),
    )  # fmt: skip


def _marketplace(job: Job) -> str:
    from ..exports import profiles

    profile = profiles.get(job.arguments.get("marketplace", ""))
    return profile.name if profile is not None else str(job.arguments.get("marketplace", ""))


def _pack(job: Job) -> Subject:
    arguments = job.arguments
    url = url_for(
        "exports.check",
        marketplace=arguments.get("marketplace"),
        cooperative=arguments.get("cooperative_ids", []),
    )
    title = _("Export pack for %(marketplace)s", marketplace=_marketplace(job))
    return Subject(_titled(title, _who(job)), url, _("Back to the readiness check"))


def _push(job: Job) -> Subject:
    title = _("Sending listings to %(marketplace)s", marketplace=_marketplace(job))
    url = _local(job.arguments.get("back_url"))
    return Subject(_titled(title, _who(job)), url, _("Back to the listings"))


def _import(job: Job) -> Subject:
    record = db.session.get(ProductImport, job.arguments.get("import_id", 0))
    if record is not None and record.filename:
        title = _("Import of products – %(file)s", file=record.filename)
    elif record is not None:
        title = _("Photos of %(count)d imported products", count=len(record.product_ids or []))
    else:
        title = kind_name(job.kind)
    url = _local(job.arguments.get("next_url")) or url_for("products.index")
    return Subject(title, url, _("Back to the products"))


def _renditions(job: Job) -> Subject | None:
    ids = job.arguments.get("image_ids") or [0]
    image = db.session.scalar(
        select(ProductImage).where(ProductImage.id.in_(ids)).order_by(ProductImage.id).limit(1)
    )
    if image is None:
        return None
    product = image.product
    return Subject(
        _("Photo versions – %(product)s", product=product.name),
        url_for("product_images.index", product_id=product.id),
        _("Back to the product's photos"),
    )


_DESCRIBE: dict[str, Callable[[Job], Subject | None]] = {
    "labels.reprint": _reprint,
    "exports.pack": _pack,
    "exports.push": _push,
    "imports.products": _import,
    "product_images.renditions": _renditions,
}
