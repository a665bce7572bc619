"""The public catalogue's pages: the home page, a page per province, ``sitemap.xml`` and
``robots.txt``.

The catalogue is rendered on each view, not kept by the page cache: it depends on every
cooperative's products, which the per-cooperative generation counters cannot express in a
bounded list, and a page costs a fixed, small number of queries (app/public/catalogue.py).
Signed-in staff see the same catalogue; the brand link and sign-in take them to their work.
"""

from flask import abort, current_app, render_template, request, url_for

from ..access import public
from ..clock import local_today
from ..paging import page_number
from ..products import categories
from . import bp, catalogue
from .catalogue import CatalogueFilters

STAFF_ROBOTS_KEEP = frozenset({"", "c", "t", "T", "tinh", "media", "static"})


def _render(filters: CatalogueFilters, province=None):
    results = catalogue.search(filters, local_today(), page_number())
    response = current_app.make_response(
        render_template(
            "public/index.html",
            filters=filters,
            results=results,
            province=province,
            cooperatives=catalogue.cooperatives(filters),
            provinces=catalogue.provinces_with_products(),
            groups=categories.GROUPS,
            stars=catalogue.STARS,
            province_slug=catalogue.province_slug,
            page_url=current_app.config["PUBLIC_BASE_URL"] + request.path,
        )
    )
    response.cache_control.no_cache = True
    return response


@bp.route("/")
@public
def index():
    """The catalogue of every province's public products, with search and filters."""
    return _render(CatalogueFilters.from_args(request.args))


@bp.route("/tinh/<slug>")
@public
def province(slug: str):
    """One province's cooperatives and products."""
    area = catalogue.province_by_slug(slug) or abort(404)
    return _render(CatalogueFilters.from_args(request.args, province=area.code), area)


@bp.route("/sitemap.xml")
@public
def sitemap():
    """Every public cooperative page and product page, nothing else (absolute URLs). One file
    holds 50,000 URLs: far more than a province's cooperatives and products."""
    base = current_app.config["PUBLIC_BASE_URL"]
    coops, products = catalogue.sitemap_pages()
    urls = [base + url_for("public.cooperative", slug=s) for s in coops]
    urls += [base + url_for("public.product", slug=c, product_slug=p) for c, p in products]
    xml = render_template("public/sitemap.xml", urls=urls)
    response = current_app.make_response(xml)
    response.mimetype = "application/xml"
    return response


def staff_prefixes() -> list[str]:
    """The first path segments of the views that are not public (the staff's areas), except
    those shared with public pages: what ``robots.txt`` disallows."""
    from ..access import view_access

    found = set()
    for rule in current_app.url_map.iter_rules():
        declared = view_access(rule.endpoint)
        if declared is not None and not declared[0]:
            segment = rule.rule.lstrip("/").split("/", 1)[0]
            if segment not in STAFF_ROBOTS_KEEP and "<" not in segment:
                found.add(f"/{segment}/" if "/" in rule.rule.lstrip("/") else f"/{segment}")
    return sorted(found)


@bp.route("/robots.txt")
@public
def robots():
    base = current_app.config["PUBLIC_BASE_URL"]
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {prefix}" for prefix in staff_prefixes()]
    lines += ["", f"Sitemap: {base}{url_for('public.sitemap')}", ""]
    response = current_app.make_response("\n".join(lines))
    response.mimetype = "text/plain"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
