"""The links a Digital Link resolves to, and their RFC 9264 linkset (GS1 link types)."""

from dataclasses import dataclass
from urllib.parse import quote

from flask import current_app, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from ..models import Batch, Product
from .services import is_public

GS1_VOC = "https://gs1.org/voc/"
VOC_PREFIXES = ("gs1:", GS1_VOC, "https://ref.gs1.org/voc/", "http://gs1.org/voc/")
LINKSET_TYPE = "application/linkset+json"
LANGUAGES = ["vi", "en"]


@dataclass(frozen=True)
class Link:
    rel: str  # a GS1 link type without its namespace: pip, traceability, epcis, hasRetailers
    href: str
    title: str
    type: str = "text/html"


def base_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"]


def trace_url(batch: Batch) -> str:
    """The batch's public trace page (path only): /t/<public_code>."""
    try:
        return url_for("public.trace", code=batch.public_code)
    except BuildError:  # the trace page is not registered yet
        return "/t/" + quote(batch.public_code, safe="")


def item_links(product: Product, batch: Batch | None) -> list[Link]:
    """The links of a GTIN (product) or a lot (batch), the default first."""
    base = base_url()
    links = []
    if batch is not None:
        links.append(Link("traceability", base + trace_url(batch), _("Batch origin and journey")))
        links.append(
            Link(
                "epcis",
                base + url_for("resolver.epcis_public", code=batch.public_code),
                _("Batch history (EPCIS 2.0)"),
                "application/ld+json",
            )
        )
    if is_public(product):
        coop = product.cooperative
        links.append(
            Link(
                "pip",
                base + url_for("public.product", slug=coop.slug, product_slug=product.slug),
                _("Product information: %(product)s", product=product.name),
            )
        )
        links.append(
            Link(
                "hasRetailers",
                base + url_for("public.cooperative", slug=coop.slug),
                _("Where to buy: %(cooperative)s", cooperative=coop.display_name),
            )
        )
    if links:
        default = links[0]
        links.insert(0, Link("defaultLink", default.href, default.title, default.type))
    return links


def find_link(links: list[Link], link_type: str) -> Link | None:
    """The link of a requested ``linkType`` (``gs1:pip`` or the full GS1 vocabulary URI)."""
    name = link_type.strip()
    for prefix in VOC_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return next((link for link in links if link.rel == name), None)


def linkset(anchor: str, links: list[Link]) -> dict:
    """An RFC 9264 JSON linkset with one link context: the Digital Link itself."""
    context: dict = {"anchor": anchor}
    for link in links:
        context.setdefault(GS1_VOC + link.rel, []).append(
            {"href": link.href, "title": link.title, "type": link.type, "hreflang": LANGUAGES}
        )
    return {"linkset": [context]}


def linkset_header(anchor: str) -> str:
    """The ``Link`` header that points any resolver answer at its linkset."""
    return f'<{anchor}?linkType=linkset>; rel="linkset"; type="{LINKSET_TYPE}"'
