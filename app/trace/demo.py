"""Demo plots, facilities and batches: a peanut-to-oil lineage, coffee, lime oil, one recall.

The batches have FIXED public codes so that tests, documents and the event demo
(``demo_events.py``) can name them with :func:`demo_batch`:

==============  ================================  ======================================
public code     batch code                        what
==============  ================================  ======================================
TQPNT2607A      LB-LAC-2026-07                    Lạc đỏ Lâm Bình, Nương Nà Va
TQPNT2607B      LB-LAC-2026-07-2                  Lạc đỏ Lâm Bình, second harvest
TQDPN2608A      LB-DAU-2026-08                    Dầu lạc Lâm Bình, made from both above
DNCPH2601A      DL-CF-2026-01                     Cà phê Robusta rang xay Di Linh
MXTDC2602A      MX-TD-2026-02                     Tinh dầu chanh Minh Xuân
TQPNT2511R      LB-LAC-2025-11                    Lạc đỏ Lâm Bình, recalled (aflatoxin)
==============  ================================  ======================================

Idempotent: plots are looked up by cooperative and name, batches by public code; everything
is saved through the services, so it obeys every rule the forms do.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ..clock import local_today
from ..extensions import db
from ..models import Batch, BatchStatus, Cooperative, Plot, PlotKind
from ..products.demo import demo_product
from ..services import ServiceError
from .services import BatchData, PlotData, recall_batch, save_batch, save_plot

# (cooperative slug, the plot)
DEMO_PLOTS = [
    (
        "htx-lam-binh",
        PlotData(
            name="Nương Nà Va",
            province_code=8,
            commune_code=2266,
            area_ha=Decimal("2.5"),
            crop="Lạc đỏ",
            planting_area_code="VN-TQ-0801-0012",
            latitude=Decimal("22.451200"),
            longitude=Decimal("105.223600"),
        ),
    ),
    (
        "htx-lam-binh",
        PlotData(
            name="Xưởng ép dầu HTX",
            kind=PlotKind.FACILITY,
            province_code=8,
            commune_code=2266,
            crop="Ép dầu lạc",
        ),
    ),
    (
        "htx-di-linh",
        PlotData(
            name="Đồi cà phê thôn 4",
            province_code=68,
            commune_code=25000,
            area_ha=Decimal("3.2"),
            crop="Cà phê Robusta",
            planting_area_code="VN-LD-6801-0317",
            latitude=Decimal("11.581900"),
            longitude=Decimal("108.072400"),
        ),
    ),
    (
        "htx-minh-xuan",
        PlotData(
            name="Nhà lưới chanh không hạt",
            province_code=8,
            commune_code=2215,
            area_ha=Decimal("1.2"),
            crop="Chanh không hạt",
            planting_area_code="VN-TQ-0802-0007",
        ),
    ),
]


@dataclass
class DemoBatch:
    public_code: str
    cooperative: str
    product: str
    plot: str
    data: BatchData
    variant_sku: str | None = None
    inputs: list[str] = field(default_factory=list)  # public codes of the input batches
    recall: tuple[str, str, date] | None = None  # reason, advice, date


def _batch(code, produced, packed, quantity, unit, notes="") -> BatchData:
    return BatchData(
        code=code, produced_on=produced, packed_on=packed, quantity=Decimal(quantity),
        unit=unit, notes=notes,
    )  # fmt: skip


DEMO_BATCHES = [
    DemoBatch(
        "TQPNT2607A", "htx-lam-binh", "lac-do-lam-binh", "Nương Nà Va",
        _batch("LB-LAC-2026-07", date(2026, 7, 15), date(2026, 7, 25), "850", "kg"),
    ),
    DemoBatch(
        "TQPNT2607B", "htx-lam-binh", "lac-do-lam-binh", "Nương Nà Va",
        _batch("LB-LAC-2026-07-2", date(2026, 7, 22), date(2026, 7, 30), "620", "kg"),
    ),
    DemoBatch(
        "TQDPN2608A", "htx-lam-binh", "dau-lac-lam-binh", "Xưởng ép dầu HTX",
        _batch("LB-DAU-2026-08", date(2026, 8, 10), date(2026, 8, 12), "300", "lít",
               "Ép lạnh từ hai lô lạc đỏ tháng 7, lắng lọc tự nhiên 48 giờ."),
        variant_sku="LB-DAU-500",
        inputs=["TQPNT2607A", "TQPNT2607B"],
    ),
    DemoBatch(
        "DNCPH2601A", "htx-di-linh", "ca-phe-robusta-rang-xay-di-linh", "Đồi cà phê thôn 4",
        _batch("DL-CF-2026-01", date(2026, 1, 20), date(2026, 2, 5), "1200", "kg"),
    ),
    DemoBatch(
        "MXTDC2602A", "htx-minh-xuan", "tinh-dau-chanh-minh-xuan", "Nhà lưới chanh không hạt",
        _batch("MX-TD-2026-02", date(2026, 2, 14), date(2026, 2, 20), "500", "chai"),
        variant_sku="MX-TD-10",
    ),
    DemoBatch(
        "TQPNT2511R", "htx-lam-binh", "lac-do-lam-binh", "Nương Nà Va",
        _batch("LB-LAC-2025-11", date(2025, 11, 10), date(2025, 11, 15), "400", "kg"),
        recall=(
            "Kết quả kiểm nghiệm ngày 28/11/2025: hàm lượng aflatoxin tổng số vượt giới hạn "
            "cho phép (QCVN 8-1:2011/BYT).",
            "Ngừng sử dụng, liên hệ HTX để được hoàn tiền.",
            date(2025, 12, 2),
        ),
    ),
]  # fmt: skip


def demo_batch(public_code: str) -> Batch | None:
    """A demo batch by its fixed public code, e.g. "TQDPN2608A"; None until seeded."""
    return db.session.execute(
        select(Batch).where(Batch.public_code == public_code)
    ).scalar_one_or_none()


def _cooperative(slug: str) -> Cooperative | None:
    return db.session.execute(
        select(Cooperative).where(Cooperative.slug == slug)
    ).scalar_one_or_none()


def _plot(cooperative_id: int, name: str) -> Plot | None:
    return db.session.execute(
        select(Plot).where(Plot.cooperative_id == cooperative_id, Plot.name == name)
    ).scalar_one_or_none()


def seed_trace() -> list[str]:
    """Add the demo plots and batches that are missing; return lines to print."""
    lines = []
    for slug, data in DEMO_PLOTS:
        cooperative = _cooperative(slug)
        if cooperative is None or _plot(cooperative.id, data.name) is not None:
            continue
        save_plot(cooperative, data)
        lines.append(f"plot {slug}/{data.name}")
    today = local_today()
    for demo in DEMO_BATCHES:
        product = demo_product(demo.cooperative, demo.product)
        if product is None or demo_batch(demo.public_code) is not None:
            continue
        plot = _plot(product.cooperative_id, demo.plot)
        variant = next((v for v in product.variants if v.sku == demo.variant_sku), None)
        inputs = [demo_batch(code) for code in demo.inputs]
        batch_data = BatchData(**vars(demo.data))
        batch_data.plot_id = plot.id if plot else None
        batch_data.variant_id = variant.id if variant else None
        batch_data.input_ids = [b.id for b in inputs if b is not None]
        try:
            batch = save_batch(product, batch_data, today, public_code=demo.public_code)
            if demo.recall:
                reason, advice, on = demo.recall
                recall_batch(batch, reason, advice, on, None, today)
        except ServiceError as exc:  # a user already took the batch code
            lines.append(f"batch {demo.public_code} skipped: {exc}")
            continue
        suffix = f" ({BatchStatus.RECALLED})" if demo.recall else ""
        lines.append(f"batch {demo.public_code} {batch.code}{suffix}")
    return lines
