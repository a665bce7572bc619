"""Sharing a trace page (issue 19): Open Graph and Twitter card tags (product, cooperative,
batch, an absolute photo URL), Zalo and Facebook share links and a copy field, no script; link
previews and crawlers see the tags and record no scan, through Flask and through the kept
pages' front (app/public/front.py)."""

from urllib.parse import quote

import pytest

from app.extensions import db as _db
from app.models import Scan
from app.product_images.services import add_images
from app.scans.services import is_link_preview
from tests.functional.test_kept_front import _scans
from tests.support.html_pages import parse_html
from tests.support.kept_pages import harvested_batch, page
from tests.support.product_images import photo
from tests.support.trace_page import add_event

PATH = "/t/TLB7DAU"
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)
ZALO_BROWSER = PHONE_UA + " Zalo android/12100000 ZaloTheme/light ZaloLanguage/vi"
PREVIEWS = [
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; Zalo-link-preview)",
    "Zalo",
    "Twitterbot/1.0",
    "TelegramBot (like TwitterBot)",
    "WhatsApp/2.23.20.0 A",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
]


@pytest.fixture
def batch(db, coop_tq):
    batch = harvested_batch(coop_tq)
    add_images(batch.product, [("a.jpg", photo((1600, 1200)))])
    add_event(batch, "storage", 10, public=False, notes="Kho số 3, chìa khóa ở nhà ông Thảo")
    return batch


def _meta(doc, name):
    found = doc.find("meta", property=name) or doc.find("meta", name=name)
    return found.attrs["content"] if found is not None else None


@pytest.mark.parametrize("agent", PREVIEWS)
def test_link_previews_are_previews_and_the_zalo_browser_is_a_person(agent):
    assert is_link_preview(agent)
    assert not is_link_preview(PHONE_UA) and not is_link_preview(ZALO_BROWSER)


def test_the_trace_page_carries_open_graph_and_twitter_tags(app, client, batch):
    response = client.get(PATH, headers={"User-Agent": PREVIEWS[0]}, query_string={"lang": "vi"})
    doc = parse_html(response.get_data(as_text=True))
    base = app.config["PUBLIC_BASE_URL"]
    coop = batch.cooperative.display_name
    assert _meta(doc, "og:title") == f"Dầu lạc Lâm Bình · {coop}"
    assert "LB-DAU-2026-07" in _meta(doc, "og:description")
    assert coop in _meta(doc, "og:description")
    assert _meta(doc, "og:url") == base + PATH
    image = _meta(doc, "og:image")
    assert image.startswith(base + "/media/") and _meta(doc, "twitter:image") == image
    assert _meta(doc, "og:image:alt") and int(_meta(doc, "og:image:width")) > 0
    assert _meta(doc, "twitter:card") == "summary_large_image"
    assert client.get(image.removeprefix(base)).status_code == 200  # public, fetchable


def test_a_preview_sees_what_a_person_sees_and_nothing_internal(client, batch):
    preview = client.get(PATH, headers={"User-Agent": PREVIEWS[0]}).get_data(as_text=True)
    person = client.get(PATH, headers={"User-Agent": PHONE_UA}).get_data(as_text=True)
    assert preview == person
    assert "Kho số 3" not in preview and "chìa khóa" not in preview


def test_share_links_and_a_copy_field_without_script(app, client, batch):
    html = client.get(PATH, query_string={"lang": "en"}).get_data(as_text=True)
    doc = parse_html(html)
    url = app.config["PUBLIC_BASE_URL"] + PATH
    zalo = doc.find("a", **{"data-share": "zalo"}).attrs["href"]
    facebook = doc.find("a", **{"data-share": "facebook"}).attrs["href"]
    assert zalo == "https://sp.zalo.me/share?url=" + quote(url, safe="")
    assert facebook == "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe="")
    field = doc.find("input", id="share-url")
    assert field.attrs["value"] == url and "readonly" in field.attrs
    assert doc.find("label", **{"for": "share-url"}) is not None
    assert "<script" not in html


def test_previews_record_no_scan_through_flask(client, batch):
    for agent in PREVIEWS:
        assert client.get(PATH, headers={"User-Agent": agent}).status_code == 200
    assert _db.session.query(Scan).count() == 0
    client.get(PATH, headers={"User-Agent": ZALO_BROWSER})  # a person in Zalo's browser
    assert _db.session.query(Scan).count() == 1


def test_previews_record_no_scan_through_the_front(kept, app, client, batch, dispatched):
    """Kept pages answered before Flask, with scans waiting (SCAN_BATCH_SIZE > 1)."""
    etag = page(client, headers={"User-Agent": PHONE_UA}).headers["ETag"]  # kept, noted
    assert _scans(app, kept) == 1 and dispatched == [PATH]
    for agent in PREVIEWS:
        assert page(client, headers={"User-Agent": agent}).status_code == 200
        revalidated = page(client, headers={"User-Agent": agent, "If-None-Match": etag})
        assert revalidated.status_code == 304
    assert dispatched == [PATH]  # every preview answered by the front
    assert _scans(app, kept) == 1
    page(client, headers={"User-Agent": PHONE_UA})
    assert _scans(app, kept) == 2
