"""The links a Digital Link resolves to, each with a GS1 Web Vocabulary link type."""

from dataclasses import dataclass
from urllib.parse import quote

from flask import current_app, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from ..certificates.rules import valid_on
from ..clock import local_today
from ..models import Batch, BatchStatus, CertificateKind, Product, ProductStatus
from .services import is_public
from .vocabulary import link_type_name

LINKSET_TYPE = "application/linkset+json"
LANGUAGES = ("vi", "en")  # every public page answers in both (?lang=)
CERTIFICATES_SECTION = "#certificates-heading"  # on the product page


@dataclass(frozen=True)
class Link:
    rel: str  # a GS1 link type without its namespace (vocabulary.LINK_TYPES): pip, epcis…
    href: str
    title: str
    type: str | None = "text/html"  # the target's media type
    hreflang: tuple[str, ...] = LANGUAGES  # the target's languages; () when not language-bound


def base_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"]


def trace_url(batch: Batch) -> str:
    """The batch's public trace page (path only): /t/<public_code>."""
    try:
        return url_for("public.trace", code=batch.public_code)
    except BuildError:  # the trace page is not registered yet
        return "/t/" + quote(batch.public_code, safe="")


def item_links(
    product: Product, batch: Batch | None, trace: str | None = None, *, certificates: bool = False
) -> list[Link]:
    """The links of a GTIN (product) or a lot (batch), the default first; ``trace``: the page
    a serial's Digital Link redirects to (/t/<serial>), instead of the batch's.

    No query beyond what resolving loaded: the default redirect builds these too. A recalled
    lot gets its recall notice (the trace page opens with it) and no "where to buy"; an
    archived product is no longer sold either.
    """
    links = _batch_links(batch, trace) if batch is not None else []
    if is_public(product):
        links.extend(_product_links(product, sold=batch is None or not _recalled(batch)))
        if certificates:  # a query: for the linkset and linkType answers, not the redirect
            links.extend(_certificate_links(product, links))
    if links:
        default = links[0]
        # GS1: the default link carries a title and no other attribute.
        links.insert(0, Link("defaultLink", default.href, default.title, None, ()))
    return links


def _recalled(batch: Batch) -> bool:
    return batch.status == BatchStatus.RECALLED


def _batch_links(batch: Batch, page: str | None) -> list[Link]:
    base = base_url()
    trace = base + (page or trace_url(batch))
    links = [Link("traceability", trace, _("Batch origin and journey"))]
    if _recalled(batch):
        links.append(Link("recallStatus", trace, _("This batch has been recalled")))
    links.append(
        Link(
            "epcis",
            base + url_for("resolver.epcis_public", code=batch.public_code),
            _("Batch history (EPCIS 2.0)"),
            "application/ld+json",
            (),
        )
    )
    return links


def _product_links(product: Product, *, sold: bool) -> list[Link]:
    base = base_url()
    coop = product.cooperative
    links = [
        Link(
            "pip",
            base + url_for("public.product", slug=coop.slug, product_slug=product.slug),
            _("Product information: %(product)s", product=product.name),
        )
    ]
    if sold and product.status != ProductStatus.ARCHIVED:
        links.append(
            Link(
                "hasRetailers",
                base + url_for("public.cooperative", slug=coop.slug),
                _("Where to buy: %(cooperative)s", cooperative=coop.display_name),
            )
        )
    return links


def _certificate_links(product: Product, links: list[Link]) -> list[Link]:
    """The product page's certificates (valid today, as the page shows them), if any."""
    today = local_today()
    kinds = sorted(
        {c.kind for c in product.certificates if valid_on(c.issued_on, c.expires_on, today)},
        key=list(CertificateKind).index,
    )
    page = next((link.href for link in links if link.rel == "pip"), None)
    if not kinds or page is None:
        return []
    names = ", ".join(str(kind.label) for kind in kinds)
    return [
        Link(
            "certificationInfo",
            page + CERTIFICATES_SECTION,
            _("Certificates: %(names)s", names=names),
        )
    ]


def find_link(links: list[Link], link_type: str) -> Link | None:
    """The link of a requested ``linkType`` (``gs1:pip`` or the full GS1 vocabulary URI)."""
    name = link_type_name(link_type)
    return next((link for link in links if link.rel == name), None)


def linkset_header(anchor: str) -> str:
    """The ``Link`` header that points any resolver answer at its linkset."""
    return f'<{anchor}?linkType=linkset>; rel="linkset"; type="{LINKSET_TYPE}"'
