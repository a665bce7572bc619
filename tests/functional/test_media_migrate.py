"""``flask media migrate --to s3``: the files under MEDIA_ROOT are copied to the bucket once,
counted, and served from there when STORAGE=s3."""

import pytest

from app import storage
from tests.support.images import png_bytes
from tests.support.s3 import REGION


@pytest.fixture
def local_media(tmp_path):
    """A MEDIA_ROOT with a logo, a certificate scan, a label PDF and things that are no keys."""
    root = tmp_path / "media"
    local = storage.LocalStorage(root)
    files = {
        storage.make_key(png_bytes(), "logos", "png"): png_bytes(),
        storage.make_key(b"%PDF-1.4 scan", "certs", "pdf"): b"%PDF-1.4 scan",
        "labels/run-7.pdf": b"%PDF-1.4 labels",
    }
    for key, data in files.items():
        local.write(key, data)
    (root / "labels" / ".run-8-abc.part").write_bytes(b"half")  # a job's unfinished file
    (root / "notes.txt").write_text("not media")
    return root, files


@pytest.fixture
def s3_settings(app, s3_server, local_media):
    settings = {
        "MEDIA_ROOT": str(local_media[0]),
        "S3_BUCKET": s3_server.new_bucket(),
        "S3_ENDPOINT_URL": s3_server.url,
        "S3_REGION": REGION,
        "STORAGE": None,
    }
    before = {name: app.config.get(name) for name in settings}
    app.config.update(settings)
    yield settings
    app.config.update(before)


def test_migrate_copies_every_file_once_and_the_bucket_serves_them(
    app, runner, client, s3_server, local_media, s3_settings
):
    _root, files = local_media
    result = runner.invoke(args=["media", "migrate", "--to", "s3"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 copied, 0 already there, 3 files")
    assert s3_server.objects(s3_settings["S3_BUCKET"]) == sorted(files)
    again = runner.invoke(args=["media", "migrate", "--to", "s3"])
    assert again.exit_code == 0 and again.output.startswith("0 copied, 3 already there, 3 files")
    app.config["STORAGE"] = "s3"
    with app.app_context():
        assert storage.backend().name == "s3"
        for key, data in files.items():
            assert storage.read(key) == data
    [logo] = [key for key in files if key.startswith("logos/")]
    response = client.get(f"/media/{logo}")
    assert response.status_code == 200 and response.data == files[logo]
    assert response.cache_control.immutable


def test_migrate_needs_a_bucket(app, runner, s3_settings):
    app.config["S3_BUCKET"] = None
    result = runner.invoke(args=["media", "migrate", "--to", "s3"])
    assert result.exit_code == 2 and "S3_BUCKET" in result.output


def test_a_misconfigured_storage_is_refused(app):
    with pytest.raises(RuntimeError, match="S3_BUCKET"):
        storage.make_backend({"STORAGE": "s3", "MEDIA_ROOT": "/tmp"})
    with pytest.raises(RuntimeError, match="'local' or 's3'"):
        storage.make_backend({"STORAGE": "ftp", "MEDIA_ROOT": "/tmp"})


def test_readyz_asks_the_bucket(app, client, db, s3_server, s3_settings):
    app.config["STORAGE"] = "s3"
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json()["checks"]["storage"] == "ok"
    app.config["S3_BUCKET"] = "lensan-no-such-bucket"
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["failed"] == ["storage"]
