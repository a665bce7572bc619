"""Sharing a public page without JavaScript: the Zalo and Facebook share addresses of a page's
URL, and absolute URLs for the link previews' Open Graph tags."""

from urllib.parse import quote

from flask import current_app

from . import bp


def absolute_url(url: str | None) -> str:
    """``url`` as the previews fetch it: a path gets ``PUBLIC_BASE_URL`` in front."""
    if not url:
        return ""
    if url.startswith(("https://", "http://")):
        return url
    return current_app.config["PUBLIC_BASE_URL"] + url


def share_links(page_url: str) -> dict[str, str]:
    """Where a "share" link sends a buyer, for ``page_url`` (absolute): Zalo's and Facebook's
    share pages, which read the page's Open Graph tags for the preview."""
    encoded = quote(page_url, safe="")
    return {
        "zalo": f"https://sp.zalo.me/share?url={encoded}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={encoded}",
    }


bp.add_app_template_global(absolute_url, "absolute_url")
bp.add_app_template_global(share_links, "share_links")
