"""Ordering by bank transfer from a product page (issue 19), when the cooperative allows it
(``Cooperative.sells_by_transfer``, on its bank form).

The buyer picks a variant and types a phone number in a plain GET form (no script); the answer
is a VietQR code (app/vietqr.py, NAPAS / EMVCo) for the variant's price with the transfer
message ``<SKU> <phone>``, so the cooperative knows from its bank statement what was paid for
and whom to call back. The answer holds the buyer's phone: it is never kept or cached
(``Cache-Control: private, no-store``), unlike the product page itself.
"""

import io
import re
import unicodedata
from dataclasses import dataclass

from flask import abort, make_response, render_template, request, send_file
from flask_babel import gettext as _
from markupsafe import Markup

from .. import vietqr
from ..access import public
from ..clock import local_today
from ..i18n import vnd
from ..models import ProductVariant
from ..text import normalize_phone
from . import bp
from .products import PublicProduct, public_product
from .services import Payment, payment

_NOT_PRINTABLE = re.compile(r"[^\x20-\x7e]")


def transfer_message(sku: str, phone: str) -> str:
    """``<SKU> <phone>`` in what every bank carries (printable ASCII, at most
    ``vietqr.PURPOSE_MAX`` characters): an SKU too long is cut, the phone never."""
    ascii_sku = _NOT_PRINTABLE.sub("", unicodedata.normalize("NFKD", sku)).strip()
    room = vietqr.PURPOSE_MAX - len(phone) - 1
    return f"{ascii_sku[:room].strip()} {phone}".strip()


@dataclass(frozen=True)
class TransferOrder:
    variant: ProductVariant
    phone: str
    message: str
    payment: Payment
    payload: str

    def svg(self) -> Markup:
        title = _(
            "VietQR code: transfer %(amount)s with the message %(message)s",
            amount=vnd(self.variant.price_vnd),
            message=self.message,
        )
        return Markup(vietqr.svg(self.payload, title))  # built from digits and escaped text


def _offering(slug: str, product_slug: str) -> tuple[PublicProduct, Payment]:
    """The product and the account it is paid into, or 404 when it is not offered."""
    found = public_product(slug, product_slug, local_today())
    if found is None or not found.transfer:
        abort(404)
    account = payment(found.cooperative)
    if account is None:
        abort(404)
    return found, account


def _order(found: PublicProduct, account: Payment) -> tuple[TransferOrder | None, dict]:
    """The order the query asks for, or what is wrong with it, field by field."""
    problems: dict[str, str] = {}
    variants = {str(v.id): v for v in found.variants}
    variant = variants.get(request.args.get("variant", ""))
    if variant is None:
        variant = found.variants[0] if len(variants) == 1 else None
    if variant is None:
        problems["variant"] = _("Choose a variant.")
    typed = request.args.get("phone", "")
    phone = normalize_phone(typed)
    if phone is not None and not phone.isascii():  # other scripts' digits: no bank carries them
        phone = None
    if phone is None:
        problems["phone"] = (
            _("This is not a Vietnamese phone number.")
            if typed.strip()
            else _("Enter your phone number.")
        )
    if problems or variant is None or phone is None:
        return None, problems
    message = transfer_message(variant.sku, phone)
    transfer = vietqr.Transfer(
        bin=account.bank.bin,
        account=account.account_number,
        amount=variant.price_vnd,
        purpose=message,
    )
    return TransferOrder(variant, phone, message, account, vietqr.build(transfer)), {}


def _private(response):
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


@bp.route("/c/<slug>/p/<product_slug>/order")
@public
def order(slug: str, product_slug: str):
    """The VietQR code for one variant, paid with the buyer's phone in the message."""
    found, account = _offering(slug, product_slug)
    placed, problems = _order(found, account)
    html = render_template(
        "public/order.html",
        page=found,
        product=found.product,
        cooperative=found.cooperative,
        order=placed,
        problems=problems,
        typed_phone=request.args.get("phone", "")[:20],
        chosen=request.args.get("variant", ""),
    )
    return _private(make_response(html, 200 if placed else 400))


@bp.route("/c/<slug>/p/<product_slug>/order.png")
@public
def order_png(slug: str, product_slug: str):
    """The same code as a PNG, to save and open in a banking app."""
    found, account = _offering(slug, product_slug)
    placed, _problems = _order(found, account)
    if placed is None:
        abort(404)
    return _private(send_file(io.BytesIO(vietqr.png(placed.payload)), mimetype="image/png"))
