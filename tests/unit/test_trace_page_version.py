"""The trace page's version (part of its ETag) comes from the text of the templates it renders,
so a deployed template change is never answered 304 with the old page."""

import shutil
from pathlib import Path

from jinja2 import DictLoader, Environment, FileSystemLoader

from app.public.trace_services import PAGE_TEMPLATES, page_version

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_editing_either_template_the_page_renders_changes_the_version(tmp_path):
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    env = Environment(loader=FileSystemLoader(tmp_path / "templates"))
    before = page_version(env)
    assert page_version(env) == before  # the same text, the same version
    for name in PAGE_TEMPLATES:
        path = tmp_path / "templates" / name
        original = path.read_text()
        path.write_text(original.replace("</", " </", 1))
        assert page_version(env) != before, name
        path.write_text(original)
    assert page_version(env) == before


def test_another_template_leaves_the_version_alone(tmp_path):
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    env = Environment(loader=FileSystemLoader(tmp_path / "templates"))
    before = page_version(env)
    (tmp_path / "templates" / "public" / "index.html").write_text("{# changed #}")
    assert page_version(env) == before


def test_templates_the_page_includes_count_too():
    templates = {
        "page.html": '{% extends "base.html" %}{% include "_part.html" %}'
        '{% from "_macros.html" import m %}{% include name %}',
        "base.html": "<html>{% block body %}{% endblock %}</html>",
        "_part.html": "a part",
        "_macros.html": "{% macro m() %}m{% endmacro %}",
    }
    before = page_version(Environment(loader=DictLoader(templates)), ("page.html",))
    for name in ("base.html", "_part.html", "_macros.html"):
        edited = dict(templates, **{name: templates[name] + " "})
        assert page_version(Environment(loader=DictLoader(edited)), ("page.html",)) != before


def test_a_changed_translation_changes_the_version(tmp_path):
    env = Environment(loader=FileSystemLoader(TEMPLATES))
    catalogue = tmp_path / "vi" / "LC_MESSAGES" / "messages.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text('msgid "Recalled"\nmsgstr "Đã thu hồi"\n', encoding="utf-8")
    before = page_version(env, catalogues=[catalogue])
    assert before != page_version(env)
    catalogue.write_text('msgid "Recalled"\nmsgstr "Thu hồi"\n', encoding="utf-8")
    assert page_version(env, catalogues=[catalogue]) != before
