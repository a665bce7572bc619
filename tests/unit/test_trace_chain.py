"""The event hash chain: a stable canonical form, and any change to a stored event detected."""

import dataclasses
import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.trace import chain
from app.trace.chain import ChainEvent, canonical, content_hash, seal, verify

T0 = datetime(2026, 7, 5, 1, 30, tzinfo=UTC)


def make(seq=1, **values) -> ChainEvent:
    base = dict(
        batch="LB7K2M9Q",
        seq=seq,
        kind="input",
        occurred_at=T0,
        recorded_at=T0 + timedelta(hours=2),
        place="Nương Nà Va",
        commune_code=2266,
        plot_id=3,
        actor="Ma Văn Thảo",
        notes="Phun sáng sớm, trời lặng gió.",
        public=True,
        details={"product": "Regent 800WG", "dose": "20 ml/bình 16 lít", "phi_days": 14},
        photo_keys=["images/ab/" + "ab" * 32 + ".jpg"],
        supersedes_seq=None,
        recorded_by_id=7,
    )
    base.update(values)
    return ChainEvent(**base)


def link(events) -> list[ChainEvent]:
    out, prev = [], ""
    for e in events:
        e = seal(e, prev)
        out.append(e)
        prev = e.content_hash
    return out


def test_canonical_form_is_exactly_the_published_one():
    event = make()
    expected = (
        '{"actor":"Ma Văn Thảo","batch":"LB7K2M9Q","commune_code":2266,'
        '"details":{"dose":"20 ml/bình 16 lít","phi_days":14,"product":"Regent 800WG"},'
        '"kind":"input","notes":"Phun sáng sớm, trời lặng gió.",'
        '"occurred_at":"2026-07-05T01:30:00Z",'
        '"photo_keys":["images/ab/' + "ab" * 32 + '.jpg"],"place":"Nương Nà Va","plot_id":3,'
        '"prev_hash":"","public":true,"recorded_at":"2026-07-05T03:30:00Z","recorded_by_id":7,'
        '"seq":1,"supersedes_seq":null,"v":1}'
    )
    assert canonical(event) == expected.encode("utf-8")
    assert content_hash(event) == hashlib.sha256(expected.encode("utf-8")).hexdigest()
    # Pinned: a change to the format must be deliberate (and bump "v").
    assert content_hash(event) == (
        "cb7cae578b9f04a8b52042664e1d2a1a32ab4b79eab850c287ea45c780589983"
    )


def test_times_are_utc_whatever_zone_they_come_in_and_naive_means_utc():
    hanoi = timezone(timedelta(hours=7))
    local = make(occurred_at=datetime(2026, 7, 5, 8, 30, tzinfo=hanoi))
    naive = make(occurred_at=datetime(2026, 7, 5, 1, 30))
    assert canonical(local) == canonical(make()) == canonical(naive)
    micro = make(occurred_at=T0.replace(microsecond=120))
    assert b'"occurred_at":"2026-07-05T01:30:00.000120Z"' in canonical(micro)


def test_text_is_nfc_so_the_same_words_hash_the_same():
    nfd = make(actor="Ma Va\u0306n Tha\u0309o")  # decomposed "Văn Thảo"
    assert canonical(nfd) == canonical(make())


def test_floats_are_refused():
    with pytest.raises(TypeError):
        canonical(make(details={"quantity": 1.5}))


FIELD_CHANGES = {
    "batch": "LB7K2M9R",
    "seq": 2,
    "kind": "harvest",
    "occurred_at": T0 + timedelta(seconds=1),
    "recorded_at": T0 + timedelta(hours=3),
    "place": "Nương Khuổi Củng",
    "commune_code": 2267,
    "plot_id": 4,
    "actor": "Ma Văn Thao",
    "notes": "Phun chiều.",
    "public": False,
    "details": {"product": "Regent 800WG", "dose": "20 ml/bình 16 lít", "phi_days": 7},
    "photo_keys": [],
    "supersedes_seq": 1,
    "recorded_by_id": 8,
    "prev_hash": "0" * 64,
}


@pytest.mark.parametrize("name", sorted(FIELD_CHANGES))
def test_any_single_field_change_changes_the_hash(name):
    assert content_hash(dataclasses.replace(make(), **{name: FIELD_CHANGES[name]})) != (
        content_hash(make())
    )


def test_every_hashed_field_is_covered_by_the_test_above():
    hashed = {f.name for f in dataclasses.fields(ChainEvent)} - {"content_hash"}
    assert hashed == set(FIELD_CHANGES)


def test_a_linked_chain_verifies():
    events = link([make(1), make(2, kind="harvest", details={}), make(3, supersedes_seq=2)])
    assert verify(events) == chain.VerifyReport(True, 3, None, "")
    assert verify([]) == chain.VerifyReport(True, 0, None, "")


def test_breaks_are_reported_at_the_first_bad_event():
    events = link([make(n) for n in (1, 2, 3, 4)])
    edited = list(events)
    edited[2] = dataclasses.replace(events[2], notes="sửa")
    assert verify(edited) == chain.VerifyReport(False, 2, 3, "content")
    relinked = list(events)
    relinked[1] = seal(dataclasses.replace(events[1], notes="sửa"), events[0].content_hash)
    assert verify(relinked) == chain.VerifyReport(False, 2, 3, "link")
    assert verify(events[:1] + events[2:]) == chain.VerifyReport(False, 1, 2, "sequence")
    forward = link([make(1), make(2, supersedes_seq=2)])
    assert verify(forward).problem == "supersedes"


# Random event contents: any chain verifies; any one mutation of a stored event is found.

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
contents = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["planting", "input", "harvest", "inspection", "other"]),
        "occurred_at": times,
        "recorded_at": times,
        "place": text,
        "commune_code": st.none() | st.integers(1, 40000),
        "plot_id": st.none() | st.integers(1, 10**6),
        "actor": text,
        "notes": text,
        "public": st.booleans(),
        "details": st.dictionaries(text, json_values, max_size=4),
        "photo_keys": st.lists(text, max_size=3),
        "recorded_by_id": st.none() | st.integers(1, 10**6),
    }
)


def _chain(items):
    events = [ChainEvent(batch="LB7K2M9Q", seq=n, **c) for n, c in enumerate(items, start=1)]
    return link(events)


@settings(max_examples=60, deadline=None)
@given(st.lists(contents, min_size=1, max_size=6))
def test_random_chains_verify(items):
    events = _chain(items)
    report = verify(events)
    assert report.ok and report.checked == len(events)
    # What is hashed survives a JSON round trip (as it does through the database).
    for e in events:
        assert json.loads(canonical(e)) == chain.content(e)


@settings(max_examples=120, deadline=None)
@given(
    st.lists(contents, min_size=1, max_size=5),
    st.data(),
)
def test_any_mutation_of_a_stored_event_is_detected(items, data):
    events = _chain(items)
    index = data.draw(st.integers(0, len(events) - 1))
    name = data.draw(st.sampled_from(sorted(FIELD_CHANGES) + ["content_hash"]))
    original = events[index]
    value = data.draw(
        {
            "batch": text,
            "seq": st.integers(-5, 50),
            "kind": text,
            "occurred_at": times,
            "recorded_at": times,
            "place": text,
            "commune_code": st.none() | st.integers(1, 40000),
            "plot_id": st.none() | st.integers(1, 10**6),
            "actor": text,
            "notes": text,
            "public": st.booleans(),
            "details": st.dictionaries(text, json_values, max_size=4),
            "photo_keys": st.lists(text, max_size=3),
            "supersedes_seq": st.none() | st.integers(1, 10),
            "recorded_by_id": st.none() | st.integers(1, 10**6),
            "prev_hash": st.text("0123456789abcdef", min_size=64, max_size=64),
            "content_hash": st.text("0123456789abcdef", min_size=64, max_size=64),
        }[name]
    )
    mutated = dataclasses.replace(original, **{name: value})
    if chain.content(mutated) == chain.content(original) and name != "content_hash":
        return  # the same canonical content (e.g. NFD of the same text): nothing changed
    if name == "content_hash" and value == original.content_hash:
        return
    tampered = list(events)
    tampered[index] = mutated
    report = verify(tampered)
    assert not report.ok
    assert report.first_bad_seq is not None and report.first_bad_seq <= index + 1
