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


def test_environment_sets_numbers_days_and_switches(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_ROWS", "500")
    monkeypatch.setenv("SCAN_BATCH_SIZE", "7")
    monkeypatch.setenv("REMEMBER_DAYS", "3")
    monkeypatch.setenv("TRUST_PROXY", "yes")
    monkeypatch.setenv("IMPORT_ALLOW_PRIVATE_URLS", "0")  # only "1" allows them
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "")  # empty: the default stays
    config = _bare(tmp_path, monkeypatch).config
    assert config["IMPORT_MAX_ROWS"] == 500
    assert config["SCAN_BATCH_SIZE"] == 7
    assert config["REMEMBER_COOKIE_DURATION"].days == 3
    assert config["TRUST_PROXY"] is True
    assert config["IMPORT_ALLOW_PRIVATE_URLS"] is False
    assert config["LOGIN_RATE_LIMIT"] == Config.LOGIN_RATE_LIMIT
    monkeypatch.setenv("IMPORT_ALLOW_PRIVATE_URLS", "1")
    assert _bare(tmp_path, monkeypatch).config["IMPORT_ALLOW_PRIVATE_URLS"] is True


def _production_app(tmp_path, monkeypatch):
    from app import create_app

    monkeypatch.setenv("LENSAN_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "production-test-key")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite'}")
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    return create_app()


def test_production_answers_with_strict_transport_security(tmp_path, monkeypatch):
    app = _production_app(tmp_path, monkeypatch)
    for url in ("/", "/static/css/app.css", "/khong-co-trang-nay"):
        response = app.test_client().get(url, base_url="https://lensan.example.vn")
        assert response.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains"
        ), url
        response.close()


def test_development_and_tests_send_no_strict_transport_security(app, client, tmp_path):
    from app import create_app

    assert "Strict-Transport-Security" not in client.get("/").headers
    development = create_app(
        "development",
        SECRET_KEY="k",
        SQLALCHEMY_DATABASE_URI="sqlite://",
        MEDIA_ROOT=str(tmp_path / "m"),
    )
    assert "Strict-Transport-Security" not in development.test_client().get("/").headers


def test_seed_demo_refuses_to_run_in_production(tmp_path, monkeypatch):
    from app.extensions import db
    from app.models import User

    app = _production_app(tmp_path, monkeypatch)
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "refusing to load demo data in production" in result.output
    with app.app_context():
        assert db.session.execute(db.select(User)).first() is None
        db.engine.dispose()


def test_seed_demo_refuses_a_production_config_whatever_the_environment(tmp_path, monkeypatch):
    from app import create_app
    from app.config import ProductionConfig

    monkeypatch.delenv("LENSAN_ENV", raising=False)
    app = create_app(
        ProductionConfig,
        SECRET_KEY="k",
        SQLALCHEMY_DATABASE_URI="sqlite://",
        MEDIA_ROOT=str(tmp_path / "m"),
    )
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 1
    assert "Nothing was changed." in result.output
