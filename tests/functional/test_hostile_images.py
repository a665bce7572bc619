"""Hostile images through the real routes: slivers, extreme shapes and bombs are refused from
their header, with a message naming the limit, for product photos, trace-event photos and
import image links (refused by the import's photos job); nothing is stored."""

import io
import re

import pytest

from app.models import ProductImage
from tests.support.events import events_of, form, make_batch
from tests.support.hostile_images import build, jpeg
from tests.support.html_pages import parse_html
from tests.support.loopback import serve_folder
from tests.support.media import media_files
from tests.support.product_images import make_product, photo
from tests.support.product_import_files import confirm, prow, upload, xlsx

# (file, what the English message says): the limit is named.
REFUSED = [
    ("wide-40000000x1.png", "is more than 12000 pixels on its longest side"),
    ("tall-1x40000000.png", "is more than 12000 pixels on its longest side"),
    ("sliver-30000x16.jpg", "is more than 12000 pixels on its longest side"),
    ("thin-11000x100.jpg", "is too long and thin: its long side may be at most 20 times"),
    ("bomb-30000x30000.png", "has too many pixels (more than 40 megapixels)"),
    ("bomb-7000x7000.png", "has too many pixels (more than 40 megapixels)"),
]


hostile = build  # each hostile file is built once per run


@pytest.fixture
def english(as_member):
    as_member.get("/auth/language/en")
    return as_member


@pytest.mark.parametrize("name, message", REFUSED)
def test_a_hostile_product_photo_is_refused_by_its_header(app, english, db, coop_tq, name, message):
    product = make_product(coop_tq)
    before = media_files(app)
    data = {"photos": [(io.BytesIO(hostile(name)), name)]}
    response = english.post(
        f"/products/{product.id}/images/", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"“{name}” {message}" in html and "Nothing was uploaded" in html
    assert db.session.execute(db.select(ProductImage)).first() is None
    assert media_files(app) == before


def test_limits_come_from_the_settings(app, english, db, coop_tq, monkeypatch):
    monkeypatch.setitem(app.config, "IMAGE_MAX_SIDE", 1000)
    monkeypatch.setitem(app.config, "IMAGE_MAX_ASPECT", 3)
    product = make_product(coop_tq)
    files = [
        (io.BytesIO(photo((1200, 900))), "big.jpg"),
        (io.BytesIO(jpeg(800, 200)), "banner.jpg"),
    ]
    response = english.post(
        f"/products/{product.id}/images/",
        data={"photos": files},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "“big.jpg” is more than 1000 pixels on its longest side" in html
    assert "“banner.jpg” is too long and thin: its long side may be at most 3 times" in html


def test_a_wide_but_sane_photo_is_still_taken(english, db, coop_tq):
    product = make_product(coop_tq)
    data = {"photos": [(io.BytesIO(jpeg(4000, 400)), "panorama.jpg")]}  # 10:1
    response = english.post(
        f"/products/{product.id}/images/", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    [image] = db.session.execute(db.select(ProductImage)).scalars()
    assert (image.width, image.height) == (4000, 400)


def test_the_vietnamese_message_names_the_limit(as_member, db, coop_tq):
    product = make_product(coop_tq)
    name = "wide-40000000x1.png"
    data = {"photos": [(io.BytesIO(hostile(name)), name)]}
    html = as_member.post(
        f"/products/{product.id}/images/", data=data, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert f"“{name}” có cạnh dài nhất dài hơn 12000 điểm ảnh." in html
    assert "Chưa tải lên ảnh nào" in html


@pytest.mark.parametrize(
    "name, message",
    [
        ("wide-40000000x1.png", "12000"),
        ("thin-11000x100.jpg", "20"),
        ("bomb-30000x30000.png", "40"),
    ],
)
def test_a_hostile_event_photo_is_refused(app, as_member, db, coop_tq, name, message):
    batch = make_batch(coop_tq)
    before = media_files(app)
    response = as_member.post(
        f"/trace/batches/{batch.id}/events/new",
        data=dict(form(), photos=[(io.BytesIO(hostile(name)), name)]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(rf"“{re.escape(name)}”[^<]*{message}", html), html[:3000]
    assert events_of(batch) == [] and media_files(app) == before


# --- import image links: refused by the photos' job, nothing stored -------------------------


@pytest.fixture
def image_server(tmp_path):
    for name in ("wide-40000000x1.png", "thin-11000x100.jpg", "bomb-30000x30000.png"):
        (tmp_path / name).write_bytes(hostile(name))
    (tmp_path / "ok.jpg").write_bytes(photo((640, 480)))
    with serve_folder(tmp_path) as url:
        yield url


@pytest.fixture
def _private_urls_allowed(app, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_ALLOW_PRIVATE_URLS", True)


def test_hostile_image_links_are_refused_by_the_import_photos_job(
    app, as_officer, db, coop_tq, image_server, _private_urls_allowed
):
    links = [f"{image_server}/{n}" for n in ("wide-40000000x1.png", "thin-11000x100.jpg")]
    rows = [
        prow(cooperative=coop_tq.slug, name="Chè", category="Chè", unit="kg", sku="C-1",
             price="1", images="\n".join([*links, f"{image_server}/bomb-30000x30000.png"])),
        prow(cooperative=coop_tq.slug, name="Gạo", category="Gạo tẻ", unit="kg", sku="G-1",
             price="1", images=f"{image_server}/ok.jpg"),
    ]  # fmt: skip
    before = media_files(app, "images")
    html = upload(as_officer, xlsx(rows)).get_data(as_text=True)
    job_page = as_officer.get(confirm(as_officer, html).headers["Location"]).get_data(as_text=True)
    reasons = [
        row.find_all("td")[2].text()
        for row in parse_html(job_page).find_all("tr", data_outcome="failed")
    ]
    assert len(reasons) == 3, reasons
    assert "12000" in reasons[0] and "20" in reasons[1] and "40" in reasons[2]
    images = db.session.execute(db.select(ProductImage)).scalars().all()
    assert [image.product.name for image in images] == ["Gạo"]  # the good photo only
    assert len(media_files(app, "images") - before) == 3  # its original, thumbnail, square


def test_a_sliver_logo_is_refused_with_the_limit(app, as_officer, db, coop_tq):
    from tests.support.cooperatives import logo_files, post_edit

    before = logo_files(app)
    name = "tall-1x40000000.png"
    html = post_edit(as_officer, coop_tq, (hostile(name), "logo.png")).get_data(as_text=True)
    assert "Cạnh dài nhất của ảnh dài hơn 12000 điểm ảnh" in html and 'id="logo-error"' in html
    assert logo_files(app) == before
