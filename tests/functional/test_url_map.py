"""Deny by default: walk every registered URL and prove no staff view is left open."""

import pytest

from app.access import view_access
from app.models import Role
from tests import factories
from tests.conftest import sign_in

PUBLIC_ENDPOINTS = {
    "static",
    "public.index",
    "public.healthz",
    "public.communes_json",
    "public.media",
    "public.cooperative",
    "public.vietqr_png",
    "public.poster",
    "public.product",
    "public.trace",
    "public.trace_record",
    "public.trace_record_json",
    "auth.login",
    "auth.set_language",
    "resolver.digital_link",
    "resolver.epcis_public",
}


def _rules(app):
    return [r for r in app.url_map.iter_rules()]


def _url(app, rule, coop_id):
    values = {}
    for arg in rule.arguments:
        converter = rule._converters[arg].__class__.__name__
        if arg == "cooperative_id":
            values[arg] = coop_id
        elif converter == "IntegerConverter":
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
