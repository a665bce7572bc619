"""The RFC 9264 linkset of a Digital Link, as GS1's linkset schema wants it.

GS1-Conformant Resolver 1.2.0: the linkset SHALL validate against GS1's linkset schema
(tests/data/gs1-linkset-schema.json): one link context object per anchor, each with an
``itemDescription``; every link with ``href`` and ``title`` (``type`` and ``hreflang`` where
known); link relations as GS1 Web Vocabulary URIs. The answer points at the JSON-LD context
that makes the JSON a JSON-LD document (a ``Link`` header: the schema allows no ``@context``).
The description and titles are in the reader's language: ``?lang=``, else the request's
``Accept-Language`` (a program's way of asking), else Vietnamese.
"""

import json
import unicodedata
from decimal import Decimal, InvalidOperation

from flask import Response, current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _

from ..i18n import fmt_decimal
from ..models import Batch, Product, ProductVariant
from ..products.rules import net_unit_label, unit_label
from .links import LINKSET_TYPE, Link, item_links, linkset_header
from .vocabulary import GS1_VOC, JSON_LD_CONTEXT_REL, LINKSET_CONTEXT

MAX_PACK_SIZES = 3
LOOSE_UNITS = ("kg", "g")  # sold by weight: the pack size is the net quantity alone


def linkset_response(
    anchor: str,
    product: Product,
    batch: Batch | None,
    serial: str | None = None,
    trace: str | None = None,
) -> Response:
    """The linkset answer (200, ``application/linkset+json``) in the reader's language;
    ``trace``: a serial's own trace page (links.item_links)."""
    language = linkset_language()
    with force_locale(language):
        links = item_links(product, batch, trace, certificates=True)
        description = item_description(product, batch, serial)
    body = json.dumps(linkset(anchor, links, description), ensure_ascii=False)
    response = Response(body, mimetype=LINKSET_TYPE)
    response.headers["Content-Language"] = language
    response.headers["Link"] = ", ".join((linkset_header(anchor), context_header()))
    response.vary.update(("Accept", "Accept-Language"))
    return response


def context_header() -> str:
    """The ``Link`` to GS1's JSON-LD context for linksets."""
    return f'<{LINKSET_CONTEXT}>; rel="{JSON_LD_CONTEXT_REL}"; type="application/ld+json"'


def linkset(anchor: str, links: list[Link], description: str) -> dict:
    """An RFC 9264 JSON linkset with one link context: the Digital Link itself."""
    context: dict = {"anchor": anchor, "itemDescription": description}
    for link in links:
        target: dict = {"href": link.href, "title": link.title}
        if link.type:
            target["type"] = link.type
        if link.hreflang:
            target["hreflang"] = list(link.hreflang)
        context.setdefault(GS1_VOC + link.rel, []).append(target)
    return {"linkset": [context]}


def linkset_language() -> str:
    """Only what a shared cache keys the answer on (the URL, ``Vary: Accept-Language``): the
    linkset is public and cached, so a session's language choice must not change it."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang", "")
    if chosen in languages:
        return chosen
    asked = request.accept_languages.best_match(languages) if request.accept_languages else None
    return asked or current_app.config["BABEL_DEFAULT_LOCALE"]


def item_description(product: Product, batch: Batch | None, serial: str | None = None) -> str:
    """ "Gạo ST25 Sóc Trăng – túi 5 kg", then the lot and serial when the link names them."""
    item = product.name
    size = pack_size(product, batch)
    if size:
        item = f"{item} – {size}"
    if batch is not None:
        item = _("%(item)s, lot %(lot)s", item=item, lot=batch.code)
    if serial:
        item = _("%(item)s, serial number %(serial)s", item=item, serial=serial)
    return unicodedata.normalize("NFC", item)


def pack_size(product: Product, batch: Batch | None) -> str:
    """The pack size(s) in the reader's language: the batch's variant, else the product's
    variants ("túi 5 kg / túi 10 kg"); the sale unit alone when no net quantity is known."""
    if batch is not None and batch.variant is not None:
        variants = [batch.variant]
    else:
        variants = list(product.variants)
    sizes: list[str] = []
    for variant in variants:
        size = _variant_size(product.unit, variant)
        if size and size not in sizes:
            sizes.append(size)
    if not sizes and product.unit and product.unit not in LOOSE_UNITS:
        return unit_label(product.unit)
    return " / ".join(sizes[:MAX_PACK_SIZES])


def _variant_size(unit: str, variant: ProductVariant) -> str:
    if not variant.net_quantity:
        return ""
    try:
        amount = fmt_decimal(Decimal(variant.net_quantity))
    except InvalidOperation:
        amount = variant.net_quantity
    quantity = f"{amount} {net_unit_label(variant.net_unit)}"
    if not unit or unit in LOOSE_UNITS:
        return quantity
    return f"{unit_label(unit)} {quantity}"
