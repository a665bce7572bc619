"""Fuzzing as each role: hostile values in every form a page offers and random integers in every
address of the URL map answer no 500 and change no other cooperative's rows.

One seeded demo serves the whole module (seeding takes seconds); its tests run in order, the
admin last, since an admin may archive or deactivate what the others use. Hypothesis draws the
values, derandomized so a run is repeatable; ``FUZZ_EXAMPLES=50`` digs deeper locally.
"""

import os
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.demo import DEMO_PASSWORD
from app.extensions import db, limiter
from app.models import Cooperative
from app.paging import MAX_ID
from tests.support.database import empty_database
from tests.support.demo import restore
from tests.support.fuzz import (
    CONTROL_AND_BIDI,
    SESSION_ENDERS,
    cooperative_rows,
    filled,
    offered_forms,
    send,
    staff_pages,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))  # per form and role
ADDRESS_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0")) * 10 or 150  # per role

ROLES = {
    "member": "hoa@htxlambinh.example.vn",  # HTX Lâm Bình, Tuyên Quang
    "officer": "lan.khuyennong@tuyenquang.example.vn",  # all of Tuyên Quang
    "admin": "admin@lensan.vn",
}
# Cooperatives each role must not be able to change.
OTHERS = {"member": ["htx-di-linh", "htx-minh-xuan"], "officer": ["htx-di-linh"], "admin": []}


def fuzz_settings(examples: int):
    """Repeatable by default, and a failure is reported as found (shrinking one through slow
    requests takes minutes); ``FUZZ_EXAMPLES`` runs random and shrinks."""
    deep = bool(os.environ.get("FUZZ_EXAMPLES"))
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=not deep,
        database=None,
        phases=list(Phase) if deep else [Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture(autouse=True)
def _clean_state():
    """Replaces conftest's per-test emptying: the module shares one demo (see ``demo``)."""
    yield
    limiter.reset()


@pytest.fixture(scope="module")
def demo(app, demo_snapshot):
    """The session's demo, copied once for the whole module: {cooperative slug: id}."""
    with app.app_context():
        restore(app, demo_snapshot)
        ids = dict(db.session.execute(select(Cooperative.slug, Cooperative.id)).all())
        db.session.remove()
    yield ids
    empty_database(app)


def _signed_in(app, role: str, number: int):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.14.7.{number}"
    if role != "anonymous":
        response = client.post(
            "/auth/login", data={"login": ROLES[role], "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, role
    return client


def _snapshots(app, demo, role) -> dict:
    with app.app_context():
        rows = {slug: cooperative_rows(demo[slug]) for slug in OTHERS.get(role, [])}
        db.session.remove()
    return rows


def _still_signed_in(client) -> bool:
    return client.get("/dashboard/").status_code == 200


def _form_fuzzer(client, form):
    @fuzz_settings(EXAMPLES)
    @given(data=filled(form))
    def send_it(data):
        response = send(client, form, data)
        assert response.status_code < 500, (form.method, form.action, data)

    return send_it


@pytest.mark.parametrize("role", ["anonymous", "member", "officer", "admin"])
def test_every_form_of_every_role_takes_hostile_values(app, demo, role):
    client = _signed_in(app, role, 1 + list(ROLES).index(role) if role in ROLES else 9)
    if role == "anonymous":
        pages = {"/auth/login": client.get("/auth/login").get_data(as_text=True)}
    else:
        pages = staff_pages(app, client)
    forms = offered_forms(app, pages)
    assert len(forms) >= {"anonymous": 1, "member": 20, "officer": 25, "admin": 25}[role]
    before = _snapshots(app, demo, role)
    failures = []
    for form in forms:
        try:
            _form_fuzzer(client, form)()
        except Exception as error:  # every failing form in one report, each with its example
            failures.append(f"{form.method} {form.action}: {type(error).__name__}: {error}")
        assert _snapshots(app, demo, role) == before, (form.method, form.action)
    assert not failures, "\n\n".join(failures)
    assert role == "anonymous" or _still_signed_in(client), role


# --- every address ---------------------------------------------------------------------------

ARGUMENT = re.compile(r"<(?:[^>:]+:)?([^>]+)>")
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=40),  # the demo's own ids
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([MAX_ID, MAX_ID + 1, 2**63 - 1, 2**63, 2**64, 10**30, 10**400]),
)


def _routes(app):
    return sorted(
        (r for r in app.url_map.iter_rules() if r.arguments and r.endpoint not in SESSION_ENDERS),
        key=lambda r: r.rule,
    )


SEGMENTS = st.one_of(
    NUMBERS.map(str),
    st.sampled_from(["voso", "documents", "htx-lam-binh", "TQPNT2607A", "8938500000012"]),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20),
    st.text(st.sampled_from(CONTROL_AND_BIDI + "a/.%"), min_size=1, max_size=20),
)


@st.composite
def addresses(draw, routes):
    """A rule of the map with each argument drawn: integers of any size for ``<int:…>``,
    integers, real slugs and codes, or any text (controls and bidi too) for the others."""
    rule = draw(st.sampled_from(routes))

    def value(match) -> str:
        if match.group(0).startswith("<int:"):
            return str(draw(NUMBERS))
        return quote(draw(SEGMENTS), safe="")

    path = ARGUMENT.sub(value, rule.rule)
    return draw(st.sampled_from(sorted(rule.methods - {"HEAD", "OPTIONS"}))), path


def _address_fuzzer(client, role, routes):
    @fuzz_settings(ADDRESS_EXAMPLES)
    @given(address=addresses(routes))
    def open_it(address):
        method, path = address
        status = client.open(path, method=method).status_code
        assert status < 500, (role, method, path)

    return open_it


def test_random_values_in_every_address_answer_no_500(app, demo):
    """Every role, then anonymous visitors; the admin last (they may archive anything)."""
    routes = _routes(app)
    for number, role in enumerate(["member", "officer", "anonymous", "admin"], start=20):
        client = _signed_in(app, role, number)
        before = _snapshots(app, demo, role)

        _address_fuzzer(client, role, routes)()
        assert _snapshots(app, demo, role) == before, role
        if role != "anonymous":
            assert _still_signed_in(client), role
