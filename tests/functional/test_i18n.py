"""Vietnamese first, English complete, and the catalogues match the source."""

from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.i18n import fmt_date, fmt_datetime, vnd

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def _catalog(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


def _source_messages():
    found = set()
    method_map = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
    # Babel skips folders starting with "_" by default: templates/_macros must be read too.
    messages = extract_from_dir(
        ROOT,
        method_map,
        keywords=KEYWORDS,
        directory_filter=lambda path: not Path(path).name.startswith("."),
    )
    for _, _, message, _, _ in messages:
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_source_string_is_in_both_catalogues():
    source = _source_messages()
    assert len(source) > 50
    assert "Please correct the fields marked below." in source  # from templates/_macros
    for lang in ("vi", "en"):
        ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _catalog(lang) if m.id}
        assert source - ids == set(), f"missing from {lang}: run `make extract-messages`"


def test_vietnamese_catalogue_is_complete_and_not_fuzzy():
    untranslated = [
        m.id
        for m in _catalog("vi")
        if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))
    ]
    assert untranslated == []


def test_placeholders_survive_translation():
    import re

    for message in _catalog("vi"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # A plural's English singular may leave the number out ("the template"); Vietnamese has
        # one form for every count, so it follows the plural msgid.
        wanted = set(re.findall(r"%\(\w+\)[sd]", ids[-1]))
        for s in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", s)) == wanted, message.id


def test_default_language_is_vietnamese(client, db):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html


def test_language_switch_is_remembered(client, db):
    response = client.get("/auth/language/en?next=/auth/login")
    assert response.headers["Location"] == "/auth/login"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Sign in" in html
    assert "Đăng nhập" not in html
    client.get("/auth/language/vi")
    assert '<html lang="vi">' in client.get("/").get_data(as_text=True)


def test_signed_in_choice_is_saved_on_the_account(as_officer, officer, db, app):
    as_officer.get("/auth/language/en")
    db.session.refresh(officer)
    assert officer.locale == "en"
    fresh = app.test_client()
    fresh.post("/auth/login", data={"login": officer.email, "password": "correct horse 42"})
    assert "Overview" in fresh.get("/dashboard/").get_data(as_text=True)


def test_unknown_language_is_ignored(client, db):
    client.get("/auth/language/fr")
    assert '<html lang="vi">' in client.get("/").get_data(as_text=True)


def test_vietnamese_formats(app):
    with app.test_request_context():
        assert vnd(120000) == "120.000\xa0₫"
        assert fmt_date(date(2026, 11, 22)) == "22/11/2026"
        assert (
            fmt_datetime(datetime(2026, 11, 22, 0, 5, tzinfo=UTC)) == "07:05 22/11/2026"
        )  # Asia/Ho_Chi_Minh
    with app.test_request_context("/?lang=en"):
        assert vnd(120000) == "₫120,000"
        assert fmt_date(date(2026, 11, 22)) == "22 Nov 2026"


def test_lazy_messages_with_user_text_are_escaped_in_templates(app):
    from flask import render_template_string
    from flask_babel import lazy_gettext

    with app.test_request_context():
        message = lazy_gettext("Unknown province “%(name)s”.", name="<script>alert(1)</script>")
        html = render_template_string("<p>{{ message }}</p>", message=message)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
