"""Kept-upload tokens and file names read from what a browser sends (Hypothesis).

Whatever text arrives as a token, reading it refuses with a KeptError and nothing else; a real
token changed anywhere names no other file; a chosen file's name is shown as a short NFC base name.
"""

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import kept_uploads
from app.kept_uploads import KeptError, display_name, keep, load
from tests.support.certificates import PDF

SCOPE = "7|CertificateForm|/cooperatives/1/certificates/new"
FUZZ = settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@FUZZ
@given(token=st.one_of(st.text(max_size=300), st.from_regex(r"[A-Za-z0-9_\-.]{1,200}")))
def test_any_text_as_a_token_is_refused_cleanly(ctx, token):
    with pytest.raises(KeptError) as refused:
        load(token, SCOPE)
    assert refused.value.code in ("invalid", "expired")


@FUZZ
@given(position=st.integers(min_value=0), char=st.sampled_from("A_-.0z"))
def test_a_real_token_changed_anywhere_names_nothing_else(ctx, position, char):
    kept = keep(PDF, "kết quả.pdf", "pdf", SCOPE)
    try:
        at = position % len(kept.token)
        changed = kept.token[:at] + char + kept.token[at + 1 :]
        try:
            # a change base64 cannot see (the last character's spare bits) reads the same
            assert load(changed, SCOPE).key == kept.key
        except KeptError as refused:
            assert refused.code == "invalid" and changed != kept.token
        with pytest.raises(KeptError):
            load(kept.token, SCOPE.replace("7|", "8|"))  # another user
    finally:
        kept_uploads.discard(kept)


@FUZZ
@given(name=st.text(max_size=400))
def test_a_chosen_name_is_shown_short_nfc_and_without_folders(name):
    shown = display_name(name)
    assert len(shown) <= kept_uploads.NAME_MAX
    assert "/" not in shown and "\\" not in shown
    assert unicodedata.is_normalized("NFC", shown)
    assert not any(unicodedata.category(c).startswith("C") for c in shown)


@FUZZ
@given(name=st.text(max_size=200))
def test_the_name_survives_the_round_trip(ctx, name):
    kept = keep(PDF, name, "pdf", SCOPE)
    try:
        again = load(kept.token, SCOPE)
        assert again.name == (display_name(name) or "file.pdf") and again.size == len(PDF)
    finally:
        kept_uploads.discard(kept)


def test_plain_names_are_kept_as_chosen():
    assert display_name("C:\\Users\\Lan\\Ảnh vườn chè.jpg") == "Ảnh vườn chè.jpg"
    nfd = unicodedata.normalize("NFD", "phiếu kiểm nghiệm.pdf")
    assert display_name(f"/sdcard/DCIM/{nfd}") == "phiếu kiểm nghiệm.pdf"
