"""What the public cooperative page and its poster show, gathered in one place.

Only what buyers may see: certificates valid today, shops whose approval an officer
confirmed, and the bank account as a VietQR code (never for an archived cooperative).
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from .. import areas, banks, vietqr
from ..certificates.services import valid_certificates
from ..extensions import db
from ..models import (
    Certificate,
    Cooperative,
    CooperativeStatus,
    Marketplace,
    OnboardingStep,
    Step,
    StepStatus,
)
from ..onboarding.rules import is_web_url
from ..text import clean

DESCRIPTION_CHARS = 200  # link previews show about two lines


@dataclass(frozen=True)
class Shop:
    marketplace: str
    name: str
    url: str


@dataclass(frozen=True)
class Payment:
    """The cooperative's bank account and the static VietQR code that pays into it."""

    bank: banks.Bank
    account_number: str
    holder: str
    payload: str

    @property
    def account_grouped(self) -> str:
        return banks.group_digits(self.account_number)

    def svg(self) -> Markup:
        """The code drawn inline; its label is what a screen reader announces."""
        title = _(
            "VietQR code for a transfer to %(bank)s account %(number)s",
            bank=self.bank.short_name,
            number=self.account_number,
        )
        return Markup(vietqr.svg(self.payload, title))  # built from digits and escaped text

    def png(self) -> bytes:
        return vietqr.png(self.payload)


@dataclass
class PublicProfile:
    cooperative: Cooperative
    place: str
    archived: bool
    certificates: list[Certificate] = field(default_factory=list)
    shops: list[Shop] = field(default_factory=list)
    payment: Payment | None = None

    @property
    def summary(self) -> str:
        """One or two sentences for link previews and search results."""
        text = clean(self.cooperative.description)
        if not text:
            return _(
                "%(name)s, %(place)s: who they are, their certificates and where to buy.",
                name=self.cooperative.legal_name,
                place=self.place,
            )
        if len(text) <= DESCRIPTION_CHARS:
            return text
        return text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"


def cooperative_by_slug(slug: str) -> Cooperative | None:
    return db.session.execute(
        select(Cooperative).where(Cooperative.slug == slug)
    ).scalar_one_or_none()


def shops(cooperative: Cooperative) -> list[Shop]:
    """The shops an officer confirmed approved, with their URL, in marketplace order."""
    steps = db.session.execute(
        select(OnboardingStep)
        .where(OnboardingStep.cooperative_id == cooperative.id)
        .where(OnboardingStep.step == Step.SHOP_APPROVED)
        .where(OnboardingStep.status == StepStatus.DONE)
    ).scalars()
    order = {m.value: n for n, m in enumerate(Marketplace)}
    found = [
        Shop(s.marketplace, Marketplace.label_of(s.marketplace), s.evidence_url)
        for s in steps
        if is_web_url(s.evidence_url)  # never javascript: or data: typed as evidence
    ]
    return sorted(found, key=lambda shop: order.get(shop.marketplace, len(order)))


def payment(cooperative: Cooperative) -> Payment | None:
    """The account as a static VietQR code, or None without a complete, known account."""
    bank = banks.by_bin(cooperative.bank_bin)
    number, holder = cooperative.bank_account_number, cooperative.bank_account_holder
    if cooperative.status == CooperativeStatus.ARCHIVED or not (bank and number and holder):
        return None
    try:
        payload = vietqr.build(vietqr.Transfer(bin=bank.bin, account=number))
    except vietqr.VietQRError:
        return None
    return Payment(bank, number, holder, payload)


def public_profile(slug: str, today: date) -> PublicProfile | None:
    """Everything the public page shows, or None for an unknown slug."""
    cooperative = cooperative_by_slug(slug)
    if cooperative is None:
        return None
    archived = cooperative.status == CooperativeStatus.ARCHIVED
    return PublicProfile(
        cooperative=cooperative,
        place=areas.place_name(cooperative.commune_code, cooperative.province_code),
        archived=archived,
        certificates=valid_certificates(cooperative, today),
        shops=[] if archived else shops(cooperative),
        payment=payment(cooperative),
    )
