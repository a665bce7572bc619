"""Fuzzing through the real pages: find the forms a user is offered, fill them with hostile
values, and snapshot one cooperative's rows to prove someone else's requests left them alone."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from app.access import view_access
from app.extensions import db
from tests.support.html_pages import Node, parse_html

# Requests that end the session the fuzzer is using (tested on their own elsewhere): a staff
# user's random id may be their own, and signing oneself out from the people page is allowed.
SESSION_ENDERS = {
    "auth.logout",
    "auth.sign_out_everywhere",
    "auth.person_sign_out",
    "admin.set_user_active",
}
NOT_PAGES = (".xlsx", ".png", ".pdf", ".json", ".jsonld", ".svg")

CONTROL_AND_BIDI = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u061c\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\ufffe"
)
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    str(10**30),
    "9" * 400,
    "1e309",
    "NaN",
    "-inf",
    "1,5",
    "١٢٣",
    "x" * 10_240,
    "ạ" * 5_200,
    "a\x00b",
    "\u202eexe.pdf\u202c",
    "\u200b\u200b",
    "\r\n" * 50,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "-0001-01-01",
    "99:99",
    "../../etc/passwd",
]


@dataclass
class Field:
    """One named control of a form: the value a browser would send and the others offered."""

    name: str
    kind: str
    value: str | list[str] | None
    options: list[str] = field(default_factory=list)


@dataclass
class PageForm:
    """A form as a page offers it: where it is sent, how, and its controls."""

    page: str
    action: str
    method: str
    endpoint: str
    fields: dict[str, Field]
    submits: list[tuple[str, str]]

    def key(self) -> tuple:
        return self.endpoint, self.method, tuple(sorted(self.fields))


def _controls(form: Node) -> tuple[dict[str, Field], list[tuple[str, str]], list[str]]:
    fields: dict[str, Field] = {}
    submits = []
    elsewhere = []  # buttons that send the form to another view (formaction)
    for node in form.iter():
        if node.tag in ("button", "input") and node.attrs.get("formaction"):
            elsewhere.append(node.attrs["formaction"])
        name = node.attrs.get("name")
        if not name or node.tag not in ("input", "select", "textarea", "button"):
            continue
        kind = (node.attrs.get("type") or ("submit" if node.tag == "button" else "text")).lower()
        if node.tag == "input" and kind == "file":
            continue  # uploads are fuzzed by the file tests
        if kind in ("submit", "image") or node.tag == "button":
            submits.append((name, node.attrs.get("value") or ""))
        elif node.tag == "select":
            nodes = node.find_all("option")
            options = [o.attrs.get("value", o.text()) or "" for o in nodes]
            chosen = [o.attrs.get("value", o.text()) or "" for o in nodes if "selected" in o.attrs]
            multiple = "multiple" in node.attrs
            value = chosen if multiple else (chosen or [o for o in options if o] or [""])[0]
            fields[name] = Field(name, "select", value, options)
        elif node.tag == "textarea":
            fields[name] = Field(name, "textarea", node.text())
        elif kind in ("checkbox", "radio"):
            known = fields.setdefault(name, Field(name, kind, [] if kind == "checkbox" else None))
            known.options.append(node.attrs.get("value") or "on")
            if "checked" in node.attrs:
                if kind == "checkbox":
                    known.value.append(known.options[-1])
                else:
                    known.value = known.options[-1]
        else:
            fields[name] = Field(name, kind, node.attrs.get("value") or "")
    return fields, submits, elsewhere


def forms_on(app, url: str, html: str) -> list[PageForm]:
    """Every form of the page whose action is a view of the app."""
    found = []
    adapter = app.url_map.bind("localhost")
    for node in parse_html(html).find_all("form"):
        method = (node.attrs.get("method") or "get").upper()
        fields, submits, elsewhere = _controls(node)
        for target in [node.attrs.get("action") or url, *elsewhere]:
            action = urljoin(url, target)
            try:
                endpoint, _ = adapter.match(urlsplit(action).path, method=method)
            except HTTPException:
                continue
            found.append(PageForm(url, action, method, endpoint, fields, submits))
    return found


def _endpoint(app, path: str) -> str | None:
    try:
        return app.url_map.bind("localhost").match(path)[0]
    except HTTPException:
        return None


def _as_sent(form: PageForm) -> dict:
    """The form's values as a browser would send them untouched."""
    return {f.name: f.value for f in form.fields.values() if f.value not in (None, [])}


def staff_pages(app, client, per_endpoint: int = 1) -> dict[str, str]:
    """Walk the staff pages a signed-in client can open as its links and search forms lead,
    from every staff page without arguments; ``per_endpoint`` addresses each. {url: html}."""
    with app.test_request_context():
        starts = [
            r.rule
            for r in app.url_map.iter_rules()
            if not r.arguments and "GET" in r.methods and not view_access(r.endpoint)[0]
        ]
    queue = deque(starts)
    pages: dict[str, str] = {}
    found: dict[str, int] = {}
    tried: dict[str, int] = {}
    while queue:
        url = queue.popleft()
        endpoint = _endpoint(app, urlsplit(url).path)
        if endpoint is None or url in pages or found.get(endpoint, 0) >= per_endpoint:
            continue
        with app.test_request_context():
            public = view_access(endpoint)[0]
        if public or endpoint in SESSION_ENDERS or urlsplit(url).path.endswith(NOT_PAGES):
            continue
        if tried.get(endpoint, 0) > 2 * per_endpoint:
            continue
        tried[endpoint] = tried.get(endpoint, 0) + 1
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        pages[url] = html
        found[endpoint] = found.get(endpoint, 0) + 1
        for link in parse_html(html).find_all("a"):
            href = link.attrs.get("href") or ""
            target = urlsplit(urljoin(url, href))
            if href and not target.netloc.replace("localhost", ""):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
        for form in forms_on(app, url, html):  # a search sent as it is comes first
            if form.method == "GET":
                chosen = {f.name: [o for o in f.options if o][:1] for f in form.fields.values()}
                sent = urlencode({**chosen, **_as_sent(form)}, True)
                queue.appendleft(f"{urlsplit(form.action).path}?{sent}")
    return pages


def offered_forms(app, pages: dict[str, str]) -> list[PageForm]:
    """The distinct forms of these pages (a list's row buttons count once)."""
    forms: dict[tuple, PageForm] = {}
    for url, html in pages.items():
        for form in forms_on(app, url, html):
            if form.endpoint not in SESSION_ENDERS:
                forms.setdefault(form.key(), form)
    return list(forms.values())


# --- values --------------------------------------------------------------------------------

MISSING = object()


def hostile_values(f: Field) -> st.SearchStrategy:
    """Anything a client can send for one control: absent, its other options, numbers of any
    size, 10 KB texts, control and bidi characters, several values where one is expected."""
    one = st.one_of(
        st.sampled_from(HOSTILE),
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
        st.text(st.sampled_from(CONTROL_AND_BIDI + "aạ1 "), max_size=30),
    )
    choices = [o for o in f.options if o is not None] or ["1"]
    return st.one_of(
        st.just(MISSING),
        st.sampled_from(choices),
        one,
        st.lists(st.one_of(st.sampled_from(choices), one), min_size=2, max_size=3),
    )


@st.composite
def filled(draw, form: PageForm) -> dict:
    """The form as a browser would send it, with a drawn set of controls given hostile values."""
    data = _as_sent(form)
    names = sorted(form.fields)
    for name in draw(st.sets(st.sampled_from(names), max_size=4)) if names else ():
        value = draw(hostile_values(form.fields[name]))
        if value is MISSING:
            data.pop(name, None)
        else:
            data[name] = value
    if form.submits:
        name, value = draw(st.sampled_from(form.submits))
        data[name] = value
    return data


def send(client, form: PageForm, data: dict):
    if form.method == "GET":
        return client.get(urlsplit(form.action).path, query_string=data)
    return client.post(form.action, data=data)


# --- another cooperative's rows ------------------------------------------------------------


def cooperative_rows(cooperative_id: int) -> dict[str, list[tuple]]:
    """Every row that belongs to one cooperative, table by table: its own row, rows naming it
    by ``cooperative_id``, and rows hanging from those (variants, batches, events, label runs,
    photos, certificates' links…), followed by foreign key."""
    owned: dict[str, set] = {"cooperatives": {cooperative_id}}
    rows: dict[str, list[tuple]] = {}
    db.session.expire_all()
    for table in db.metadata.sorted_tables:
        keys = [
            (column, next(iter(column.foreign_keys)).column.table.name)
            for column in table.columns
            if column.foreign_keys
        ]
        found = []
        for row in db.session.execute(select(table)).all():
            mine = table.name == "cooperatives" and row.id == cooperative_id
            mine = mine or any(
                getattr(row, column.name) in owned.get(target, ())
                for column, target in keys
                if target not in (table.name, "users")
            )
            if mine:
                found.append(tuple(row))
        if found:
            rows[table.name] = sorted(found, key=repr)
            if "id" in table.columns:
                at = list(table.columns.keys()).index("id")
                owned.setdefault(table.name, set()).update(r[at] for r in found)
    return rows
