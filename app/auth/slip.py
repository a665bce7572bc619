"""What an issued invitation or reset shows once: its QR code, and the message to copy into
Zalo or SMS. Nothing here is cached: the link inside is a secret."""

from dataclasses import dataclass
from datetime import datetime
from html import escape

import qrcode
from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup
from qrcode.constants import ERROR_CORRECT_M

from ..i18n import fmt_datetime
from ..models import Purpose
from .codes import display
from .invitations import Issued


def qr_svg(payload: str, title: str) -> Markup:
    """The payload as an SVG QR code, one path of dark runs."""
    symbol = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    symbol.add_data(payload, optimize=0)
    symbol.make(fit=True)
    rows = symbol.get_matrix()
    size = len(rows)
    runs = []
    for y, row in enumerate(rows):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="qr" '
        f'role="img" aria-label="{escape(title)}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )


@dataclass
class Slip:
    link: str
    code: str | None  # as printed: ABCD-EFGH
    code_page: str
    expires: datetime
    qr: Markup
    message: str  # to copy into Zalo or SMS


def slip(issued: Issued) -> Slip:
    invitation = issued.invitation
    link = url_for("auth.open_link", token=issued.token, _external=True)
    code_page = url_for("auth.enter_code", _external=True)
    code = display(issued.code) if issued.code else None
    until = fmt_datetime(invitation.expires_at)
    if invitation.purpose == Purpose.INVITE:
        cooperative = invitation.cooperative.display_name if invitation.cooperative else ""
        opening = _("Hello %(name)s! %(cooperative)s invites you to Lên Sàn.",
                    name=invitation.name, cooperative=cooperative)  # fmt: skip
    else:
        opening = _("Hello %(name)s! Here is how to choose a new Lên Sàn password.",
                    name=invitation.name)  # fmt: skip
    message = "\n".join(
        [
            opening,
            _("Open this link to choose your password: %(link)s", link=link),
            _("Or go to %(page)s and type the code %(code)s.", page=code_page, code=code)
            if code
            else "",
            _("Valid until %(date)s.", date=until),
        ]
    ).replace("\n\n", "\n")
    return Slip(link, code, code_page, invitation.expires_at, qr_svg(link, _("QR code")), message)
