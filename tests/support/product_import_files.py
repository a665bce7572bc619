"""Build small product import files for the product import tests and the bench."""

import io
import re

from app.imports.product_columns import COLUMNS
from tests.support.import_files import csv_bytes as _csv_bytes
from tests.support.import_files import xlsx as _xlsx

HEADERS = [column.header for column in COLUMNS]
KEYS = [column.key for column in COLUMNS]
SHEET = "Sản phẩm"


def prow(**values) -> list:
    """A row in HEADERS order from column keys (name=…, sku=…, price=…)."""
    unknown = set(values) - set(KEYS)
    assert not unknown, unknown
    return [values.get(key, "") for key in KEYS]


def good_rows(coop: str) -> list[list]:
    """Two products of cooperative ``coop``: tea in two packs (details on the first row only,
    the second row's product cells left blank as with merged cells) and honey in one jar."""
    return [
        prow(cooperative=coop, code="che-shan-tuyet", name="Chè Shan Tuyết Na Hang",
             category="Chè (trà)", description="Chè búp cổ thụ.", unit="gói",
             shelf_life_days="365", storage_instructions="Nơi khô ráo.",
             standard="TCCS 01:2024/HTX", gtin="8934567890120", status="Đang bán",
             variant="Gói 200 g", sku="CST-200", price="120.000 đ", compare_at="150000",
             stock="40", net_quantity="200 g", package_weight_g="260", length_cm="20",
             width_cm="12", height_cm="5"),
        prow(sku="CST-500", price="250000", net_quantity="0,5 kg", stock="1.000"),
        prow(cooperative=coop, name="Mật ong bạc hà", category="Honey", unit="chai",
             standard="tcvn 12605:2019", sku="MO-1", price="300000", net_quantity="500 ml"),
    ]  # fmt: skip


def xlsx(rows, headers=HEADERS, sheet=SHEET, formulas=()) -> bytes:
    return _xlsx(rows, headers=headers, sheet=sheet, formulas=formulas)


def csv_bytes(rows, headers=HEADERS, **kwargs) -> bytes:
    return _csv_bytes(rows, headers=headers, **kwargs)


def upload(client, data: bytes, url: str = "/import/products"):
    """Send a product file to the import page; its preview page (redirect followed)."""
    return client.post(
        url,
        data={"file": (io.BytesIO(data), "anh.xlsx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def confirm(client, html: str, url: str = "/import/products/confirm"):
    """Confirm the preview ``html`` with its token and fingerprint (the redirect unfollowed)."""
    form = {
        name: re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html).group(1)
        for name in ("token", "fingerprint")
    }
    return client.post(url, data=form)
