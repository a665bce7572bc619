"""What blocks a listing: for a product and a marketplace profile, every problem of the
product and of each variant, with the form field (or page) that fixes it.

Pure: works on :class:`~app.exports.rows.Prepared` records; messages are lazy strings,
shown in the reader's language. A *blocking* problem keeps the variant out of the pack; the
others are warnings (a certificate expiring soon, photos beyond the marketplace's maximum).
Rules: ../shared/notes/marketplaces-and-law.md, section B, with each profile's own limits.
"""

from dataclasses import dataclass, field

from .listing import VariantInfo
from .problems import Problem
from .product_checks import product_problems
from .rows import Prepared, prepare
from .variant_checks import empty_required_cells, variant_problems

__all__ = ["Problem", "Readiness", "check", "checked"]


@dataclass
class Readiness:
    """One product on one marketplace."""

    prepared: Prepared
    product_problems: list[Problem] = field(default_factory=list)
    variant_problems: dict[int, list[Problem]] = field(default_factory=dict)

    def problems_of(self, variant: VariantInfo) -> list[Problem]:
        return self.product_problems + self.variant_problems.get(variant.id, [])

    def blocked(self, variant: VariantInfo) -> bool:
        return any(p.blocking for p in self.problems_of(variant))

    @property
    def ready_variants(self) -> list[VariantInfo]:
        return [v for v in self.prepared.product.variants if not self.blocked(v)]

    @property
    def blocked_variants(self) -> list[VariantInfo]:
        return [v for v in self.prepared.product.variants if self.blocked(v)]


def checked(profile, infos):
    """Each product of ``infos`` prepared for ``profile`` and checked, as they stream past."""
    for info in infos:
        yield check(prepare(info, profile), profile)


def check(prepared: Prepared, profile) -> Readiness:
    found = Readiness(prepared)
    found.product_problems = product_problems(prepared, profile)
    for variant in prepared.product.variants:
        problems = variant_problems(prepared, variant, profile)
        if not any(p.blocking for p in found.product_problems + problems):
            problems += empty_required_cells(prepared, variant, profile)
        found.variant_problems[variant.id] = problems
    return found
