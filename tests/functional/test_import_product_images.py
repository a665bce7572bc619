"""Image links in a product import: fetched at preview from a local server (allowed by a
setting), refused for private addresses by default, checked, kept for the confirmation."""

import io
import re

import pytest
from PIL import Image

from app.models import Product, ProductImage
from tests.support.loopback import QuietHandler, serve_folder
from tests.support.product_import_files import prow, xlsx

URL = "/import/products"


def _png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def image_server(tmp_path):
    """A local web server with two photos and a text file; yields its base URL."""
    (tmp_path / "do.png").write_bytes(_png("red"))
    (tmp_path / "xanh.png").write_bytes(_png("green"))
    (tmp_path / "ghi-chu.txt").write_text("không phải ảnh")
    with serve_folder(tmp_path) as url:
        yield url


@pytest.fixture
def private_urls_allowed(app, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_ALLOW_PRIVATE_URLS", True)


def _upload(client, data):
    return client.post(
        URL,
        data={"file": (io.BytesIO(data), "anh.xlsx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def _confirm(client, html):
    form = {
        name: re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html).group(1)
        for name in ("token", "fingerprint")
    }
    return client.post(f"{URL}/confirm", data=form)


def test_images_are_fetched_once_checked_and_saved_in_order(
    as_officer, db, coop_tq, image_server, private_urls_allowed
):
    rows = [
        prow(
            cooperative=coop_tq.slug,
            name="Chè",
            category="Chè",
            unit="kg",
            sku="C-1",
            price="1",
            images=f"{image_server}/do.png\n{image_server}/xanh.png",
        ),
        prow(sku="C-2", price="2", images=f"{image_server}/do.png, {image_server}/xanh.png"),
        prow(
            cooperative=coop_tq.slug,
            name="Gạo",
            category="Gạo tẻ",
            unit="kg",
            sku="G-1",
            price="1",
            images=f"{image_server}/khong-co.png {image_server}/ghi-chu.txt",
        ),
    ]
    html = _upload(as_officer, xlsx(rows)).get_data(as_text=True)
    problems = re.findall(r'<td class="error">([^<]*)</td>', html)
    assert problems == [
        f"Ảnh “{image_server}/khong-co.png”: Máy chủ trả về mã lỗi 404 cho đường liên kết này.",
        f"Ảnh “{image_server}/ghi-chu.txt”: Đường liên kết không dẫn tới ảnh JPEG, PNG hoặc WebP.",
    ]
    assert sorted(QuietHandler.hits) == ["/do.png", "/ghi-chu.txt", "/khong-co.png", "/xanh.png"]
    assert _confirm(as_officer, html).status_code == 302
    # The preview page after the redirect and the confirmation used the kept bytes.
    assert sorted(QuietHandler.hits) == ["/do.png", "/ghi-chu.txt", "/khong-co.png", "/xanh.png"]
    product = db.session.execute(db.select(Product)).scalar_one()
    assert product.name == "Chè"
    assert [(i.position, i.width, i.height) for i in product.images] == [(0, 64, 48), (1, 64, 48)]


def test_private_addresses_are_refused_by_default(as_officer, db, coop_tq, image_server):
    rows = [
        prow(
            cooperative=coop_tq.slug,
            name="Chè",
            category="Chè",
            unit="kg",
            sku="C-1",
            price="1",
            images=f"{image_server}/do.png",
        )
    ]
    html = _upload(as_officer, xlsx(rows)).get_data(as_text=True)
    assert "Không được dùng đường liên kết tới địa chỉ mạng nội bộ hoặc mạng riêng" in html
    assert QuietHandler.hits == []
    assert db.session.execute(db.select(db.func.count()).select_from(ProductImage)).scalar() == 0


def test_a_link_that_is_not_a_web_link_is_a_problem_of_the_image_column(as_officer, coop_tq):
    rows = [
        prow(
            cooperative=coop_tq.slug,
            name="Chè",
            category="Chè",
            unit="kg",
            sku="C-1",
            price="1",
            images="ftp://example.vn/a.jpg",
        )
    ]
    html = _upload(as_officer, xlsx(rows)).get_data(as_text=True)
    cells = re.findall(r"<tr><td[^>]*>(\d+)</td><td[^>]*>([^<]*)</td><td class=\"error\">", html)
    assert cells == [("2", "Ảnh")]


def test_a_photo_refused_at_confirmation_leaves_nothing_behind(
    as_officer, db, coop_tq, image_server, private_urls_allowed, monkeypatch
):
    from app.imports import product_services
    from app.product_images.services import ImageError

    calls = []

    def add_images(product, files, **kwargs):
        calls.append(product.name)
        if len(calls) == 2:
            raise ImageError(["“xanh.png” is damaged."])
        return real(product, files, **kwargs)

    real = product_services.add_images
    monkeypatch.setattr(product_services, "add_images", add_images)
    rows = [
        prow(
            cooperative=coop_tq.slug,
            name="Chè",
            category="Chè",
            unit="gói",
            sku="C-1",
            price="1",
            images=f"{image_server}/do.png",
        ),
        prow(
            cooperative=coop_tq.slug,
            name="Gạo",
            category="Gạo tẻ",
            unit="kg",
            sku="G-1",
            price="1",
            images=f"{image_server}/xanh.png",
        ),
    ]
    html = _upload(as_officer, xlsx(rows)).get_data(as_text=True)
    page = _confirm(as_officer, html).get_data(as_text=True)
    assert calls == ["Chè", "Gạo"]
    assert "Chưa nhập gì: một ảnh của “Gạo” bị từ chối" in page
    assert db.session.execute(db.select(db.func.count()).select_from(Product)).scalar() == 0
    assert db.session.execute(db.select(db.func.count()).select_from(ProductImage)).scalar() == 0
