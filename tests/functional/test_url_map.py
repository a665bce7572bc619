"""Deny by default: walk every registered URL and prove no staff view is left open."""

import re

import pytest
from werkzeug.routing import IntegerConverter

from app.access import view_access
from app.models import Role
from app.paging import MAX_ID
from tests.support import factories
from tests.support.clients import sign_in

PUBLIC_ENDPOINTS = {
    "static",
    "auth.open_link",  # an invitation's or reset's link
    "auth.enter_code",  # its code typed by hand
    "auth.welcome",  # choosing the password
    "auth.forgot",
    "public.index",  # the catalogue
    "public.province",  # a province's catalogue
    "public.sitemap",
    "public.robots",
    "ops.healthz",
    "ops.readyz",
    "ops.metrics_view",
    "public.communes_json",
    "public.media",
    "public.cooperative",
    "public.vietqr_png",
    "public.poster",
    "public.product",
    "public.trace",
    "public.find_code",
    "public.order",
    "public.order_png",
    "public.trace_record",
    "public.trace_record_json",
    "auth.login",
    "auth.set_language",
    "resolver.digital_link",
    "resolver.epcis_public",
    "resolver.gs1resolver",  # the GS1 resolver description file, /.well-known/gs1resolver
    "offline.service_worker",  # the members' app: its script holds nothing of anyone's
    "offline.manifest",
}


def _rules(app):
    return [r for r in app.url_map.iter_rules()]


def _url(app, rule, coop_id):
    values = {}
    for arg in rule.arguments:
        if arg == "cooperative_id":
            values[arg] = coop_id
        elif isinstance(rule._converters[arg], IntegerConverter):
            values[arg] = 1
        else:
            values[arg] = "x"
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def test_every_view_declares_who_may_use_it(app):
    with app.test_request_context():
        undeclared = [r.endpoint for r in _rules(app) if view_access(r.endpoint) is None]
    assert undeclared == []


def test_public_views_are_exactly_the_known_ones(app):
    with app.test_request_context():
        public = {r.endpoint for r in _rules(app) if view_access(r.endpoint)[0]}
    assert public == PUBLIC_ENDPOINTS


def _staff_rules(app):
    with app.test_request_context():
        return [r for r in _rules(app) if not view_access(r.endpoint)[0]]


def test_anonymous_users_are_sent_to_sign_in_everywhere(app, client, coop_tq):
    rules = _staff_rules(app)
    assert len(rules) >= 8
    for rule in rules:
        for method in _methods(rule):
            response = client.open(_url(app, rule, coop_tq.id), method=method)
            assert response.status_code == 302, (rule.endpoint, method)
            assert "/auth/login" in response.headers["Location"], rule.endpoint


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OFFICER, Role.ADMIN])
def test_each_role_is_refused_views_not_declared_for_it(app, client, db, coop_tq, role):
    user = factories.UserFactory(role=role, cooperative=coop_tq if role == Role.MEMBER else None)
    if role == Role.OFFICER:
        factories.OfficerAreaFactory(officer=user, province_code=8)
    sign_in(client, user)
    refused = 0
    for rule in _staff_rules(app):
        with app.test_request_context():
            _, roles = view_access(rule.endpoint)
        if role in roles:
            continue
        for method in _methods(rule):
            response = client.open(_url(app, rule, coop_tq.id), method=method)
            assert response.status_code == 403, (rule.endpoint, method)
            refused += 1
    if role != Role.ADMIN:
        assert refused > 0


@pytest.mark.parametrize("who", ["member_elsewhere", "officer_elsewhere"])
def test_cooperative_views_refuse_the_wrong_cooperative(app, client, db, coop_tq, coop_ld, who):
    if who == "member_elsewhere":
        user = factories.UserFactory(role=Role.MEMBER, cooperative=coop_ld)
    else:
        user = factories.OfficerFactory(areas__province_code=68)
    sign_in(client, user)
    checked = 0
    for rule in _staff_rules(app):
        if "cooperative_id" not in rule.arguments:
            continue
        with app.test_request_context():
            _, roles = view_access(rule.endpoint)
        if user.role not in roles:
            continue
        for method in _methods(rule):
            response = client.open(_url(app, rule, coop_tq.id), method=method)
            assert response.status_code == 403, (rule.endpoint, method)
            checked += 1
    assert checked >= 2


# --- numbers no row can have ---------------------------------------------------------------

HUGE = [MAX_ID + 1, 99_999_999_999, 2**63, 2**64, 10**30]


def _int_args(rule) -> list[str]:
    return [a for a in sorted(rule.arguments) if isinstance(rule._converters[a], IntegerConverter)]


def _with(rule, arg, value) -> str:
    """The rule's path with ``value`` written into ``arg`` and 1 (or "x") elsewhere."""

    def written(match) -> str:
        name = match.group(1)
        return str(value if name == arg else (1 if name in _int_args(rule) else "x"))

    return re.sub(r"<(?:[^>:]+:)?([^>]+)>", written, rule.rule)


def test_huge_ids_in_every_address_answer_404_before_any_view(app, as_admin, coop_tq):
    """An id past 32 bits cannot name a row: every ``<int:…>`` rule answers 404, even for an
    admin, instead of a 500 from the database's integer overflow (14 staff routes did)."""
    checked = 0
    for i, rule in enumerate(_rules(app)):
        for arg in _int_args(rule):
            url = _with(rule, arg, HUGE[i % len(HUGE)])
            for method in _methods(rule):
                # 405 when a rule of the same path takes another method (werkzeug checks the
                # method before converting): still refused before any view runs.
                status = as_admin.open(url, method=method).status_code
                assert status in (404, 405), (url, method, status)
                checked += 1
            assert as_admin.get(_with(rule, arg, "-1")).status_code == 404, url
    assert checked >= 40


def test_the_largest_id_reaches_the_view_and_answers_404(app, as_admin, coop_tq):
    for rule in _staff_rules(app):
        for arg in _int_args(rule):
            if arg == "cooperative_id":
                continue
            url = _with(rule, arg, MAX_ID).replace("/x/", "/voso/")
            for method in _methods(rule):
                status = as_admin.open(url, method=method).status_code
                assert status in (400, 404), (url, method, status)


LIST_QUERIES = [
    {"page": str(10**30), "cooperative": str(2**63), "product": str(2**63), "batch": str(2**63)},
    {"page": "-1", "cooperative": "-1", "product": "0", "batch": "99999999999"},
    {"page": "abc", "cooperative": "1e9", "product": "٣", "batch": "x"},
]


@pytest.mark.parametrize("role", ["admin", "officer", "member"])
def test_page_numbers_and_ids_in_the_query_never_answer_500(app, client, request, role):
    """Every staff page without path arguments (spreadsheet downloads aside), with absurd
    ``page`` and id parameters: the admin with each kind, other roles with the huge ones."""
    sign_in(client, request.getfixturevalue(role))
    queries = LIST_QUERIES if role == "admin" else LIST_QUERIES[:1]
    for rule in _staff_rules(app):
        if rule.arguments or "GET" not in rule.methods or rule.rule.endswith(".xlsx"):
            continue
        for query in queries:
            status = client.get(rule.rule, query_string=query).status_code
            assert status in (200, 302, 403, 404), (rule.rule, query, status)


def test_a_page_past_the_end_is_an_empty_page_not_an_error(app, as_admin, coop_tq):
    page = as_admin.get("/cooperatives/", query_string={"page": str(10**30)})
    assert page.status_code == 200
    assert coop_tq.legal_name not in page.get_data(as_text=True)
    first = as_admin.get("/cooperatives/", query_string={"page": "abc"})
    assert coop_tq.legal_name in first.get_data(as_text=True)


def test_control_characters_in_any_text_segment_answer_404(app, as_admin, coop_tq):
    """``/c/a%00b`` reached PostgreSQL, which refuses NUL in text: 500. No slug, code or file
    name holds a control character, so no text segment of any rule matches one."""
    checked = 0
    for rule in _rules(app):
        for arg in sorted(set(rule.arguments) - set(_int_args(rule))):
            for bad in ("a%00b", "%0d%0a", "x%1by", "%7f"):
                path = _with(rule, arg, "{bad}").replace("{bad}", bad)
                for method in _methods(rule):
                    status = as_admin.open(path, method=method).status_code
                    assert status in (404, 405), (path, method, status)
                    checked += 1
    assert checked >= 40
