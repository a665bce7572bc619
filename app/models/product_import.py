"""A product import confirmed in the browser, carried out by a background job (app/imports):
which kept upload, by whom, the preview it must still match, and, once its products are
saved, their ids and the photo links left to fetch.

The job reads this row, not its own arguments, to know where it stands: the products are
saved in the same transaction that fills ``product_ids``, so running the job again (a retry, a
killed worker, "run again") never saves them twice, and only adds the photos still missing.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import utcnow


class ProductImport(Model):
    __tablename__ = "product_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    upload_key: Mapped[str | None] = mapped_column(String(200))  # the kept upload (storage)
    filename: Mapped[str] = mapped_column(String(200), default="")
    fingerprint: Mapped[str] = mapped_column(String(64), default="")  # the preview confirmed
    product_ids: Mapped[list[int] | None] = mapped_column(JSON)  # None until saved
    photos: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # product_id, row, url
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
