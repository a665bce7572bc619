"""Configuration from the environment, with safe defaults and nothing to set up."""

import stat

from flask import Flask

from app.config import Config


def _bare(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "SECRET_KEY", "PUBLIC_BASE_URL", "MEDIA_ROOT", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    app = Flask("probe", instance_path=str(tmp_path / "instance"))
    app.config.from_object(Config)
    Config.load(app)
    return app


def test_no_environment_means_sqlite_and_a_generated_secret_in_instance(tmp_path, monkeypatch):
    app = _bare(tmp_path, monkeypatch)
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"]
        == f"sqlite:///{tmp_path / 'instance' / 'lensan.sqlite'}"
    )
    key_file = tmp_path / "instance" / "secret_key"
    assert len(app.config["SECRET_KEY"]) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _bare(tmp_path, monkeypatch).config["SECRET_KEY"] == app.config["SECRET_KEY"]
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert app.config["MEDIA_ROOT"] == str(tmp_path / "instance" / "media")


def test_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@db/lensan")
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://ls.example.vn/")
    monkeypatch.setenv("MEDIA_ROOT", "/srv/media")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    app = Flask("probe", instance_path=str(tmp_path / "instance"))
    app.config.from_object(Config)
    Config.load(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/lensan"
    assert app.config["SECRET_KEY"] == "s3cret"
    assert app.config["PUBLIC_BASE_URL"] == "https://ls.example.vn"
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert not (tmp_path / "instance" / "secret_key").exists()
