"""Marketplace profiles: one TOML file per marketplace in ``profiles/``, read once.

Each file is checked against ``profile.schema.json`` when it is loaded (and by a test), so a
bad profile stops the app at start-up instead of reaching a user. Adding a marketplace means
adding a file: the columns name their *source* (see app/exports/listing.py) and the limits,
image rules and category mapping are data.
"""

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jsonschema

from .headers import header_key

HERE = Path(__file__).parent
PROFILE_DIR = HERE / "profiles"
SCHEMA_PATH = HERE / "profile.schema.json"
ROW_KINDS = ("simple", "parent", "variant")


class ProfileError(ValueError):
    """A profile file that breaks the schema; names the file and the place in it."""


@dataclass(frozen=True)
class Column:
    header: str
    source: str
    index: int = 1
    value: str | int | None = None
    values: dict = field(default_factory=dict)
    required: bool = False
    rows: tuple[str, ...] = ROW_KINDS
    aliases: tuple[str, ...] = ()  # other names of it in the marketplace's own template
    food: bool = False  # a food attribute: empty for products that are not food
    width: float | None = None  # in an .xlsx; else app/exports/sheet_layout.py's for its source

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a template may give this column: its header, then its aliases."""
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class Limits:
    title_min: int
    title_max: int
    description_min: int
    description_max: int
    price_min: int
    price_max: int
    sku_max: int
    weight_max_g: int
    variants_max: int
    variant_tiers_max: int
    weight_required: bool = True
    dimensions_required: bool = True
    gtin_required: bool = False


@dataclass(frozen=True)
class ImageRules:
    min_count: int
    max_count: int
    min_side: int
    max_bytes: int
    square: bool
    max_side: int | None = None
    files: bool = False
    name: str = "{sku}_{n}.jpg"

    def file_name(self, sku: str, n: int) -> str:
        return self.name.format(sku=sku, n=n)


@dataclass(frozen=True)
class FileSpec:
    name: str
    format: str  # xlsx, csv or tsv
    sheet: str = "Sheet1"
    parent_rows: bool = False
    image_rows: bool = False
    descriptions: bool = False
    certificate_scans: bool = False


@dataclass(frozen=True)
class Rules:
    """What the marketplace's listing rules allow (see profile.schema.json)."""

    contact_details: bool = True
    traceability_link: bool = True
    brand: str | None = None  # "No Brand" where the brand must come from a closed list


@dataclass(frozen=True)
class Push:
    endpoint: str
    token_setting: str
    endpoint_setting: str | None = None
    timeout_seconds: float = 10.0
    attempts: int = 4


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    kind: str
    file: FileSpec
    limits: Limits
    images: ImageRules
    categories: dict[str, str]
    columns: tuple[Column, ...]
    instructions: str
    order: int = 100
    seller_centre: str | None = None
    push: Push | None = None
    url_pattern: str | None = None  # a live listing's whole address, any case (listing_urls.py)
    template_instructions: str | None = None  # the guide's steps when its template was filled
    rules: Rules = field(default_factory=Rules)
    # The marketplace's own categories, when a stored template lists them: ``categories``
    # then holds the officers' mapping into that list (app/exports/template_store.py).
    category_list: tuple[str, ...] = ()

    def category_for(self, code: str | None) -> str | None:
        """The marketplace category of our leaf ``code``: the leaf's own mapping, else its
        group's, else the profile's ``*``; None when the profile maps none of them."""
        code = code or ""
        group = code.split(".", 1)[0]
        for key in (code, group, "*"):
            if key and key in self.categories:
                return self.categories[key]
        return None

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def check(data: dict, where: str) -> None:
    """Raise :class:`ProfileError` naming every place ``data`` breaks the schema."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors]
        raise ProfileError(f"{where}: " + "; ".join(lines))
    headers = [c["header"] for c in data["columns"]]
    if len(set(headers)) != len(headers):
        raise ProfileError(f"{where}: columns: two columns share a header")
    owners: dict[str, str] = {}
    for column in data["columns"]:
        for name in (column["header"], *column.get("aliases", ())):
            key = header_key(name)
            if owners.setdefault(key, column["header"]) != column["header"]:
                raise ProfileError(
                    f"{where}: columns: {name!r} names both {owners[key]!r} and "
                    f"{column['header']!r}"
                )
    try:
        re.compile(data.get("url_pattern", ""))
    except re.error as exc:
        raise ProfileError(f"{where}: url_pattern: {exc}") from None


def parse(data: dict, where: str = "profile") -> Profile:
    check(data, where)
    push = data.get("push")
    return Profile(
        id=data["id"],
        name=data["name"],
        kind=data["kind"],
        order=data.get("order", 100),
        seller_centre=data.get("seller_centre"),
        file=FileSpec(**data["file"]),
        limits=Limits(**data["limits"]),
        images=ImageRules(**data["images"]),
        categories=dict(data["categories"]),
        columns=tuple(
            Column(
                **{
                    **c,
                    "rows": tuple(c.get("rows", ROW_KINDS)),
                    "aliases": tuple(c.get("aliases", ())),
                }
            )
            for c in data["columns"]
        ),
        instructions=data["instructions"].strip(),
        push=Push(**push) if push else None,
        url_pattern=data.get("url_pattern"),
        template_instructions=(data.get("template_instructions") or "").strip() or None,
        rules=Rules(**data.get("rules", {})),
    )


def load(path: Path) -> Profile:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    profile = parse(data, path.name)
    if profile.id != path.stem:
        raise ProfileError(f"{path.name}: id {profile.id!r} differs from the file name")
    return profile


@cache
def all_profiles() -> dict[str, Profile]:
    """Every profile by id, in the order marketplaces are offered."""
    found = [load(p) for p in sorted(PROFILE_DIR.glob("*.toml"))]
    return {p.id: p for p in sorted(found, key=lambda p: (p.order, p.id))}


def get(profile_id: str | None) -> Profile | None:
    return all_profiles().get(profile_id or "")


def names() -> dict[str, str]:
    return {p.id: p.name for p in all_profiles().values()}


@cache
def url_patterns() -> dict[str, re.Pattern]:
    """The compiled ``url_pattern`` of every profile that has one, in the profiles' order."""
    return {
        p.id: re.compile(p.url_pattern, re.IGNORECASE)
        for p in all_profiles().values()
        if p.url_pattern
    }
