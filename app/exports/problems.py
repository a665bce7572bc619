"""A problem that blocks a listing (or warns about it), with where it is fixed."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str
    message: object  # a lazy string
    fix: str  # where it is fixed: product, images, certificate, cooperative, mapping or claim
    field: str = ""  # the product form's field, for the link's anchor
    certificate_id: int | None = None
    kind: str = ""  # a claim's certificate kind (fix "claim": remove the words or add one)
    blocking: bool = True
    marketplace: str = ""  # the category mapping page's, for fix "mapping"
