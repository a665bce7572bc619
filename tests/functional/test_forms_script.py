"""forms.js (issue 18) is loaded, deferred, on staff pages only: never on a public page, not
even for a signed-in member reading their own cooperative's public page or trace page."""

from tests.support.events import make_batch

SCRIPT = "/static/js/forms.js"


def test_staff_pages_load_it_deferred(as_member, coop_tq):
    page = as_member.get("/trace/plots/").get_data(as_text=True)
    assert f'<script src="{SCRIPT}" defer></script>' in page


def test_public_pages_never_load_it(as_member, coop_tq):
    batch = make_batch(coop_tq)
    for url in ("/", f"/c/{coop_tq.slug}", f"/t/{batch.public_code}"):
        response = as_member.get(url)
        assert response.status_code == 200, url
        assert SCRIPT not in response.get_data(as_text=True), url
