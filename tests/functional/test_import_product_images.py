"""Image links in a product import: counted at preview, fetched after the confirmation by a
background job (inline in these tests) from a local server (allowed by a setting), refused for
private addresses by default. Each link that fails is listed on the job's page with its row;
"run again" adds only what is missing. Media on both storage backends."""

import io
import re

import pytest
from PIL import Image

from app.models import Job, JobStatus, Product, ProductImage
from tests.support.html_pages import parse_html
from tests.support.loopback import QuietHandler, serve_folder
from tests.support.product_import_files import confirm, prow, upload, xlsx


def _png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def image_folder(tmp_path):
    folder = tmp_path / "served"
    folder.mkdir()
    (folder / "do.png").write_bytes(_png("red"))
    (folder / "xanh.png").write_bytes(_png("green"))
    (folder / "ghi-chu.txt").write_text("không phải ảnh")
    return folder


@pytest.fixture
def image_server(image_folder):
    """A local web server with two photos and a text file; yields its base URL."""
    with serve_folder(image_folder) as url:
        yield url


@pytest.fixture
def private_urls_allowed(app, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_ALLOW_PRIVATE_URLS", True)


def _rows(coop, base):
    return [
        prow(cooperative=coop.slug, name="Chè", category="Chè", unit="kg", sku="C-1", price="1",
             images=f"{base}/do.png\n{base}/xanh.png"),
        prow(sku="C-2", price="2", images=f"{base}/do.png, {base}/xanh.png"),
        prow(cooperative=coop.slug, name="Gạo", category="Gạo tẻ", unit="kg", sku="G-1",
             price="1", images=f"{base}/khong-co.png {base}/ghi-chu.txt"),
    ]  # fmt: skip


def _photos(db, name: str) -> list[ProductImage]:
    db.session.expire_all()
    product = db.session.execute(db.select(Product).filter_by(name=name)).scalar_one()
    return list(product.images)


@pytest.mark.usefixtures("media_backend", "private_urls_allowed")
def test_photos_are_fetched_by_a_job_that_lists_each_failed_link_and_runs_again(
    as_officer, db, coop_tq, image_server, image_folder
):
    html = upload(as_officer, xlsx(_rows(coop_tq, image_server))).get_data(as_text=True)
    assert re.findall(r'<td class="error">([^<]*)</td>', html) == []
    assert QuietHandler.hits == []  # nothing fetched while a person waits for the preview
    confirmed = confirm(as_officer, html)
    assert confirmed.status_code == 302 and "/jobs/" in confirmed.headers["Location"]

    job = db.session.execute(db.select(Job)).scalar_one()
    assert (job.kind, job.status, job.total) == ("imports.products", JobStatus.FAILED, 4)
    page = as_officer.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert "Không thêm được 2 trên 4 ảnh" in page
    failed = [
        [cell.text() for cell in row.find_all("td")]
        for row in parse_html(page).find_all("tr", data_outcome="failed")
    ]
    assert [(row, message.split("”")[0] + "”") for row, _outcome, message in failed] == [
        ("Dòng 4", f"“{image_server}/khong-co.png”"),
        ("Dòng 4", f"“{image_server}/ghi-chu.txt”"),
    ]
    assert "Máy chủ trả về mã lỗi 404" in failed[0][2]
    assert "Đường liên kết không dẫn tới ảnh" in failed[1][2]
    tea = _photos(db, "Chè")
    assert [(i.position, i.width, i.height) for i in tea] == [(0, 64, 48), (1, 64, 48)]
    assert all(i.thumb_key and i.square_key for i in tea)
    assert _photos(db, "Gạo") == []

    # The missing photo appears; running the job again adds it and nothing twice.
    (image_folder / "khong-co.png").write_bytes(_png("blue"))
    assert as_officer.post(f"/jobs/{job.id}/again").status_code == 302
    assert [i.original_key for i in _photos(db, "Chè")] == [i.original_key for i in tea]
    assert len(_photos(db, "Gạo")) == 1
    db.session.expire_all()
    assert db.session.get_one(Job, job.id).status == JobStatus.FAILED  # the text file, still
    assert db.session.execute(db.select(db.func.count()).select_from(Product)).scalar() == 2


def test_private_addresses_are_refused_by_default(as_officer, db, coop_tq, image_server):
    rows = [
        prow(cooperative=coop_tq.slug, name="Chè", category="Chè", unit="kg", sku="C-1",
             price="1", images=f"{image_server}/do.png")
    ]  # fmt: skip
    html = upload(as_officer, xlsx(rows)).get_data(as_text=True)
    page = as_officer.get(confirm(as_officer, html).headers["Location"]).get_data(as_text=True)
    assert "Không được dùng đường liên kết tới địa chỉ mạng nội bộ hoặc mạng riêng" in page
    assert QuietHandler.hits == []
    assert db.session.execute(db.select(db.func.count()).select_from(ProductImage)).scalar() == 0


def test_a_link_that_is_not_a_web_link_is_a_problem_of_the_image_column(as_officer, coop_tq):
    rows = [
        prow(cooperative=coop_tq.slug, name="Chè", category="Chè", unit="kg", sku="C-1",
             price="1", images="ftp://example.vn/a.jpg")
    ]  # fmt: skip
    html = upload(as_officer, xlsx(rows)).get_data(as_text=True)
    cells = re.findall(r"<tr><td[^>]*>(\d+)</td><td[^>]*>([^<]*)</td><td class=\"error\">", html)
    assert cells == [("2", "Ảnh")]


def test_more_links_than_a_file_may_name_are_refused_at_the_preview(
    app, as_officer, coop_tq, monkeypatch
):
    monkeypatch.setitem(app.config, "IMPORT_MAX_IMAGES", 2)
    rows = [
        prow(cooperative=coop_tq.slug, name="Chè", category="Chè", unit="kg", sku="C-1",
             price="1", images="https://example.vn/1.jpg https://example.vn/2.jpg"),
        prow(cooperative=coop_tq.slug, name="Gạo", category="Gạo tẻ", unit="kg", sku="G-1",
             price="1", images="https://example.vn/3.jpg"),
    ]  # fmt: skip
    html = upload(as_officer, xlsx(rows)).get_data(as_text=True)
    problems = re.findall(r'<td class="error">([^<]*)</td>', html)
    assert problems == ["Tệp này có hơn 2 ảnh: hãy nhập các ảnh còn lại bằng tệp khác."]
