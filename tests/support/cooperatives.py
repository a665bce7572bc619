"""The cooperative profile form as a test posts it, and the logos it stores."""

import io
from pathlib import Path

from tests.support.media import media_files


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


def post_edit(client, coop, files=None, **changes):
    data = form_data(coop, **changes)
    if files is not None:
        data["logo"] = (io.BytesIO(files[0]), files[1])
    return client.post(
        f"/cooperatives/{coop.id}/edit", data=data, content_type="multipart/form-data"
    )


def logo_files(app) -> set[Path]:
    return media_files(app, "logos")
