"""The few schema.org terms the public pages' JSON-LD uses, and a check of a JSON-LD object
against them.

Vendored by hand from schema.org's published vocabulary (https://schema.org/version/latest/
schemaorg-current-https-types.csv and -properties.csv, release 29.x): for each type, the
properties we use whose ``domainIncludes`` holds the type or one of its ancestors (Thing >
Intangible > Offer; Thing > Organization; Thing > Product; Thing > Intangible > Brand;
Thing > Intangible > StructuredValue > ContactPoint > PostalAddress), and the members of
ItemAvailability we may write. A term not listed here fails the test: add it only after
checking it on schema.org.
"""

import json

THING = {"name", "description", "url", "image", "alternateName"}
PROPERTIES: dict[str, set[str]] = {
    "Product": THING | {"brand", "manufacturer", "offers", "category", "gtin14", "sku"},
    "Offer": THING | {"price", "priceCurrency", "availability", "sku", "seller", "category"},
    "Organization": THING | {"address", "telephone", "email", "logo", "taxID"},
    "Brand": THING | {"logo"},
    "PostalAddress": THING
    | {"streetAddress", "addressLocality", "addressRegion", "addressCountry", "telephone"},
}
ITEM_AVAILABILITY = {"InStock", "OutOfStock", "Discontinued", "SoldOut", "PreOrder"}
CONTEXT = "https://schema.org"


def problems(node, path: str = "$") -> list[str]:
    """Every type or property of ``node`` (a parsed JSON-LD value) that is not a schema.org
    term listed above, or used on a type it does not belong to."""
    found: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            found += problems(item, f"{path}[{i}]")
        return found
    if not isinstance(node, dict):
        return found
    kind = node.get("@type")
    if kind not in PROPERTIES:
        return [f"{path}: unknown @type {kind!r}"]
    for key, value in node.items():
        if key == "@context":
            found += [] if value == CONTEXT else [f"{path}: @context {value!r}"]
        elif key == "@type":
            continue
        elif key not in PROPERTIES[kind]:
            found.append(f"{path}: {key!r} is not a property of {kind}")
        elif key == "availability" and value.removeprefix(CONTEXT + "/") not in ITEM_AVAILABILITY:
            found.append(f"{path}: availability {value!r}")
        else:
            found += problems(value, f"{path}.{key}")
    return found


def json_ld(html: str) -> list:
    """The parsed JSON-LD blocks of a page (json.loads fails the test on bad JSON)."""
    marker = '<script type="application/ld+json">'
    blocks = []
    for part in html.split(marker)[1:]:
        blocks.append(json.loads(part.split("</script>", 1)[0]))
    return blocks
