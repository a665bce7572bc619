"""The cooperative profile form as a test posts it."""


def form_data(coop, **changes) -> dict:
    """The edit form of ``coop`` filled with what it holds, then ``changes``."""
    data = {
        "legal_name": coop.legal_name,
        "short_name": coop.short_name,
        "kind": "htx",
        "tax_code": coop.tax_code,
        "province_code": str(coop.province_code),
        "commune_code": str(coop.commune_code),
    }
    data.update(changes)
    return data
