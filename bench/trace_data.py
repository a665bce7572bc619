"""The trace bench's catalogue: cooperatives, products, plots, batches and their events as
rows for bulk inserts, in Vietnamese as real ones are written.

Every row is a dict of column values; :mod:`bench.trace_seed` fills the columns left out from
the models' defaults and ignores keys that are not columns. Batch ``n`` (0-based) is derived
from ``n`` alone, so a chunk of batches can be built without the others: its public code is
:func:`public_code`, its lot :func:`lot_code`, its plot ``n // BATCHES_PER_PLOT``; the newest
batches have the highest ``n`` and the most recent dates.
"""

import json
from datetime import date, datetime, timedelta
from functools import cache

COOPERATIVES = 60
PRODUCTS_PER_COOPERATIVE = 5
BATCHES_PER_PLOT = 5  # harvests per plot
SPAN_DAYS = 700  # the batches' harvests span the last 700 days
GTIN_PREFIX = "0893999"  # GS1 Vietnam's 893, then a company number no demo product uses

# (name, category, sale unit, shelf life in days, crop)
PRODUCTS = (
    ("Lạc đỏ", "grains_nuts.peanuts", "kg", 365, "Lạc đỏ"),
    ("Dầu lạc ép nguyên chất", "processed", "chai", 365, "Lạc"),
    ("Gạo ST25", "rice", "kg", 365, "Lúa ST25"),
    ("Gạo nếp cái hoa vàng", "rice", "kg", 365, "Lúa nếp"),
    ("Chè Shan tuyết", "coffee_tea", "hộp", 540, "Chè Shan tuyết"),
    ("Cà phê Robusta rang xay", "coffee_tea", "kg", 365, "Cà phê Robusta"),
    ("Mắc ca sấy nứt vỏ", "grains_nuts", "kg", 270, "Mắc ca"),
    ("Cam sành", "fruit", "kg", 30, "Cam sành"),
    ("Bưởi da xanh", "fruit", "kg", 45, "Bưởi da xanh"),
    ("Mật ong hoa bạc hà", "honey", "chai", 730, "Bạc hà"),
    ("Nấm hương rừng khô", "mushrooms", "hộp", 365, "Nấm hương"),
    ("Miến dong", "processed", "kg", 365, "Dong riềng"),
    ("Măng khô", "vegetables", "kg", 365, "Tre mai"),
    ("Quế thanh", "spices", "kg", 730, "Quế"),
    ("Tinh dầu sả chanh", "essential_oils", "chai", 730, "Sả chanh"),
)
STORAGE = "Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp."
USAGE = "Dùng trực tiếp hoặc chế biến theo nhu cầu. Đóng kín sau khi mở."
ACTORS = ("Tổ sản xuất số 1", "Tổ sản xuất số 2", "Hoàng Văn Páo", "Lò Thị Dung", "Ma Văn Thảo")
INPUTS = (  # an input event's details, as (key, value) pairs
    (("product", "Phân hữu cơ vi sinh Sông Gianh"), ("dose", "500 kg/ha"), ("phi_days", 0)),
    (
        ("product", "Regent 800WG"),
        ("active_ingredient", "Fipronil"),
        ("dose", "25 g/ha"),
        ("phi_days", 7),
    ),
    (("product", "Chế phẩm sinh học Trichoderma"), ("dose", "2 kg/ha"), ("phi_days", 0)),
)
RECALL = (
    "Phát hiện nấm mốc ở một số túi khi kiểm tra lại.",
    "Xin ngừng sử dụng và mang sản phẩm đến nơi đã mua để được đổi.",
)
LAB = "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng"


def public_code(n: int) -> str:
    """Batch n's printed code: ten characters, as the app's own (Crockford base32 letters)."""
    return f"BN{n:08d}"


def lot_code(n: int) -> str:
    return f"L{n:07d}"


def gtin14(item: int) -> str:
    """A valid GTIN-14 (check digit per GS1) for the bench's product number ``item``."""
    body = f"{GTIN_PREFIX}{item:06d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def cooperative_rows(first_id: int, places: list[tuple[int, int, str]]) -> list[dict]:
    """``COOPERATIVES`` cooperatives, each in a real commune of ``places``
    ((province code, commune code, commune name) triples)."""
    from app.text import fold, slugify

    rows = []
    for i in range(COOPERATIVES):
        province, commune, place = places[i % len(places)]
        name = place.removeprefix("Xã ").removeprefix("Phường ").removeprefix("Đặc khu ")
        legal = f"Hợp tác xã Nông nghiệp và Dịch vụ {name}"
        rows.append(
            dict(
                id=first_id + i,
                slug=f"{slugify('htx ' + name)}-{i + 1}",
                legal_name=legal,
                short_name=f"HTX {name}",
                kind="htx",
                province_code=province,
                commune_code=commune,
                street=f"Thôn {i % 9 + 1}",
                representative=ACTORS[i % len(ACTORS)],
                phone=f"09{i + 10000000:08d}",
                description=f"Hợp tác xã của bà con {place}, sản xuất theo VietGAP.",
                search_text=fold(f"{legal} HTX {name}"),
            )
        )
    return rows


def product_rows(first_id: int, cooperatives: list[dict]) -> list[dict]:
    """``PRODUCTS_PER_COOPERATIVE`` products on sale for each cooperative, each with a GTIN."""
    from app.text import fold, slugify

    rows = []
    for c, coop in enumerate(cooperatives):
        for k in range(PRODUCTS_PER_COOPERATIVE):
            number = c * PRODUCTS_PER_COOPERATIVE + k
            name, category, unit, shelf_life, crop = PRODUCTS[number % len(PRODUCTS)]
            full = f"{name} {coop['short_name'].removeprefix('HTX ')}"
            rows.append(
                dict(
                    id=first_id + number,
                    cooperative_id=coop["id"],
                    slug=slugify(full),
                    name=full,
                    category=category,
                    description=f"{name} của {coop['legal_name']}.",
                    origin_province_code=coop["province_code"],
                    origin_commune_code=coop["commune_code"],
                    unit=unit,
                    shelf_life_days=shelf_life,
                    storage_instructions=STORAGE,
                    usage_instructions=USAGE,
                    gtin=gtin14(number),
                    status="active",
                    search_text=fold(full),
                    crop=crop,  # not a column: the plots' crop
                )
            )
    return rows


def plot_rows(first_id: int, first: int, count: int, products: list[dict]) -> list[dict]:
    """Plots ``first`` .. ``first + count - 1``; plot p grows product ``p % len(products)``."""
    rows = []
    for p in range(first, first + count):
        product = products[p % len(products)]
        rows.append(
            dict(
                id=first_id + p,
                cooperative_id=product["cooperative_id"],
                kind="plot",
                name=f"Thửa số {p % 400 + 1}, nương Nà Va",
                province_code=product["origin_province_code"],
                commune_code=product["origin_commune_code"],
                crop=product["crop"],
                planting_area_code=f"VN-{product['origin_province_code']:02d}-{p:07d}",
            )
        )
    return rows


@cache
def _stamp(day: date, hours: int) -> str:
    """Naive UTC, in the text form SQLAlchemy stores (and PostgreSQL's COPY reads). Cached, as
    the few hundred days recur a million times."""
    return (datetime.combine(day, datetime.min.time()) + timedelta(hours=hours)).strftime(
        "%Y-%m-%d %H:%M:%S.%f"
    )


@cache
def _day(day: date, offset: int = 0) -> date:
    return day + timedelta(days=offset)


@cache
def _json(details: tuple) -> str:
    return json.dumps(dict(details), ensure_ascii=False)


def batch_rows(n: int, total: int, ids: dict, products: list[dict], today: date) -> tuple:
    """Batch ``n`` of ``total`` (ids: first batch id and first plot id) and its events."""
    plot = n // BATCHES_PER_PLOT
    product = products[plot % len(products)]
    harvested = _day(today, SPAN_DAYS * n // max(total, 1) - SPAN_DAYS - 3)
    batch_id = ids["batch"] + n
    quantity = 100 + n % 900
    unit = product["unit"]
    recalled = n % 997 == 500
    batch = dict(
        id=batch_id,
        cooperative_id=product["cooperative_id"],
        product_id=product["id"],
        code=lot_code(n),
        public_code=public_code(n),
        quantity=quantity,
        unit=unit,
        produced_on=str(harvested),
        packed_on=str(_day(harvested, 2)),
        expires_on=str(_day(harvested, product["shelf_life_days"])),
        plot_id=ids["plot"] + plot,
        status="recalled" if recalled else "open",
        recall_reason=RECALL[0] if recalled else "",
        recall_advice=RECALL[1] if recalled else "",
        recalled_on=str(today) if recalled else None,
    )
    return batch, _events(n, batch, harvested)


def _events(n: int, batch: dict, harvested: date) -> list[dict]:
    """Planting, an input, the harvest, an inspection for one batch in ten, the packing."""
    quantity, unit = str(batch["quantity"]), batch["unit"]
    steps = [
        ("planting", -110, "Gieo trồng giống địa phương, làm đất thủ công.", ()),
        ("input", -40, "", INPUTS[n % len(INPUTS)]),
        ("harvest", 0, "Thu hoạch khi trời khô ráo.", (("quantity", quantity), ("unit", unit))),
    ]
    if n % 10 == 0:
        steps.append(("inspection", 1, "", (("result", "pass"), ("lab", LAB))))
    steps.append(("packing", 2, "Đóng gói tại xưởng của hợp tác xã.", ()))
    batch_id = batch["id"]
    return [
        dict(
            batch_id=batch_id,
            seq=seq,
            kind=kind,
            occurred_at=_stamp(_day(harvested, offset), 1),
            place="Xưởng đóng gói" if kind == "packing" else "Nương Nà Va",
            plot_id=batch["plot_id"] if kind == "input" else None,
            actor=ACTORS[(n + seq) % len(ACTORS)],
            notes=notes,
            details=_json(details),
            photo_keys="[]",
            recorded_at=_stamp(_day(harvested, max(offset, 0)), 2),
            content_hash=f"{batch_id:032x}{seq:032x}",
            prev_hash=f"{batch_id:032x}{seq - 1:032x}" if seq > 1 else "",
        )
        for seq, (kind, offset, notes, details) in enumerate(steps, 1)
    ]
