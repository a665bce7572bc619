"""Marketplace templates and category mappings through the web: officers upload the seller
centre's template (refused at the field, nothing kept, when it is not one), map our
categories to the template's list; the check page lists what the template leaves unfilled
and blocks a product whose category is not mapped, with a link to map it."""

import io

from app.exports import profiles
from app.exports.demo_template import CATEGORIES, shopee_template
from app.exports.template_store import save_template
from app.extensions import db as _db
from app.models import CategoryMapping, MarketplaceTemplate
from tests.support import factories, hostile_files
from tests.support.activity import last_id, only
from tests.support.clients import sign_in
from tests.support.exports import fix_links, ready_product
from tests.support.html_pages import parse_html
from tests.support.media import media_files

PEANUTS = CATEGORIES[0]


def upload(client, data: bytes, name="mau-shopee.xlsx", marketplace="shopee", **fields):
    return client.post(
        f"/exports/templates/{marketplace}",
        data={"file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
    )


def field_error(html: str, name: str) -> str:
    node = parse_html(html).by_id(f"{name}-error")
    return node.text().strip() if node else ""


def templates_kept():
    return list(_db.session.scalars(_db.select(MarketplaceTemplate)))


def test_an_officer_uploads_the_template_and_sees_what_it_leaves_unfilled(as_officer, officer, app):
    after = last_id()
    response = upload(as_officer, shopee_template())
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    [kept] = templates_kept()
    assert (kept.marketplace, kept.marketplace_category) == ("shopee", None)
    assert kept.uploaded_by_id == officer.id
    assert kept.file_name == "mau-shopee.xlsx"
    assert kept.layout["categories"] == list(CATEGORIES)
    assert len(kept.sha256) == 64 and kept.size == len(shopee_template())
    assert media_files(app, "templates"), "the bytes are in the media store"
    logged = only("marketplace_template", "created", after)
    assert logged.actor_id == officer.id
    assert logged.changes["marketplace"] == [None, "shopee"]

    page = as_officer.get("/exports/templates/shopee").get_data(as_text=True)
    assert "mau-shopee.xlsx" in page
    listed = parse_html(page).find("ul", cls="template-unfilled")
    classes = [li.attrs["class"] for li in listed.find_all("li")]
    assert classes and classes == sorted(classes, key=lambda c: c != "error"), "mandatory first"
    assert "/exports/templates/shopee/categories" in page


def test_a_new_upload_replaces_the_current_template_and_keeps_the_old_row(as_officer):
    upload(as_officer, shopee_template())
    smaller = shopee_template(categories=CATEGORIES[:2])
    assert upload(as_officer, smaller, name="moi.xlsx").status_code == 303
    rows = templates_kept()
    assert len(rows) == 2
    page = as_officer.get("/exports/templates/shopee").get_data(as_text=True)
    assert "moi.xlsx" in page and "mau-shopee.xlsx" not in page


def test_a_per_category_template_is_chosen_from_the_templates_own_list(as_officer):
    upload(as_officer, shopee_template())
    response = upload(as_officer, shopee_template(), name="hat.xlsx", marketplace_category=PEANUTS)
    assert response.status_code == 303
    assert {t.marketplace_category for t in templates_kept()} == {None, PEANUTS}
    refused = upload(as_officer, shopee_template(), marketplace_category="Không có trong danh sách")
    assert refused.status_code == 200
    assert field_error(refused.get_data(as_text=True), "marketplace_category")
    assert len(templates_kept()) == 2


BAD_FILES = {
    "not a workbook": b"Ten san pham,Gia\nLac do,75000\n",
    "a photo renamed": b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
    "a cut-off workbook": shopee_template()[:700],
    "an empty file": b"",
}


def test_a_file_that_is_no_template_is_refused_at_the_field_and_nothing_is_kept(as_officer, app):
    before = media_files(app, "templates")
    for what, data in BAD_FILES.items():
        response = upload(as_officer, data, name="mau.xlsx")
        assert response.status_code == 200, what
        assert field_error(response.get_data(as_text=True), "file"), what
    no_known_column = shopee_template(columns=(("x_unknown", True, "Cột lạ"),), categories=())
    response = upload(as_officer, no_known_column)
    assert field_error(response.get_data(as_text=True), "file")
    assert templates_kept() == []
    assert media_files(app, "templates") == before


def test_hostile_workbooks_are_refused_at_the_field_without_being_unpacked(as_officer, app):
    before = media_files(app, "templates")
    for what, data in {
        "a zip whose sizes lie": hostile_files.lying_sizes_xlsx(),
        "a huge table of texts": hostile_files.shared_strings_xlsx(total=60 * 1024 * 1024),
        "a cell at row 100,000,000": hostile_files.far_row_xlsx(),
    }.items():
        assert len(data) < 10 * 1024 * 1024, what  # under the upload limit: the reader judges
        response = upload(as_officer, data)
        assert response.status_code == 200, what
        assert field_error(response.get_data(as_text=True), "file"), what
    assert templates_kept() == []
    assert media_files(app, "templates") == before


def test_a_template_over_the_size_limit_is_refused_before_it_is_read(as_officer, app):
    limit, app.config["TEMPLATE_MAX_BYTES"] = app.config["TEMPLATE_MAX_BYTES"], 1000
    try:
        response = upload(as_officer, shopee_template())
    finally:
        app.config["TEMPLATE_MAX_BYTES"] = limit
    assert "MB" in field_error(response.get_data(as_text=True), "file")
    assert templates_kept() == []


def test_members_may_not_upload_templates_or_change_the_mapping(as_member):
    assert as_member.get("/exports/templates/").status_code == 403
    assert upload(as_member, shopee_template()).status_code == 403
    response = as_member.post(
        "/exports/templates/shopee/categories",
        data={"category-grains_nuts.peanuts": PEANUTS},
    )
    assert response.status_code == 403
    assert templates_kept() == []


def test_marketplaces_without_a_template_have_no_template_page(as_officer):
    assert as_officer.get("/exports/templates/voso").status_code == 404
    assert as_officer.get("/exports/templates/voso/categories").status_code == 404


def _map(client, next=None, **chosen):
    page = client.get("/exports/templates/shopee/categories").get_data(as_text=True)
    token = parse_html(page).find("input", name="csrf_token")
    data = {f"category-{code}": name for code, name in chosen.items()}
    if token is not None:
        data["csrf_token"] = token.attrs["value"]
    query = {"next": next} if next else {}
    return client.post("/exports/templates/shopee/categories", query_string=query, data=data)


def test_the_mapping_is_saved_once_for_everyone_and_logged(as_officer, officer):
    upload(as_officer, shopee_template())
    after = last_id()
    response = _map(as_officer, **{"grains_nuts.peanuts": PEANUTS, "rice.white": ""})
    assert response.status_code == 303
    [mapping] = _db.session.scalars(_db.select(CategoryMapping))
    assert (mapping.marketplace, mapping.category) == ("shopee", "grains_nuts.peanuts")
    assert mapping.marketplace_category == PEANUTS and mapping.mapped_by_id == officer.id
    logged = only("category_mapping", "created", after)
    assert logged.changes["marketplace_category"] == [None, PEANUTS]

    refused = _map(as_officer, **{"grains_nuts.peanuts": "Không có trong danh sách"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert parse_html(html).by_id("error-grains_nuts.peanuts") is not None
    _db.session.expire_all()
    assert _db.session.scalars(_db.select(CategoryMapping)).one().marketplace_category == PEANUTS

    assert _map(as_officer, **{"grains_nuts.peanuts": ""}).status_code == 303
    assert _db.session.scalars(_db.select(CategoryMapping)).all() == []


def test_the_check_blocks_an_unmapped_category_and_links_to_map_it(client, officer, db):
    coop = factories.CooperativeFactory(province_code=8, commune_code=2266)
    product = ready_product(coop)
    sign_in(client, officer)
    check = f"/exports/check?marketplace=shopee&cooperative={coop.id}"
    page = client.get(check).get_data(as_text=True)
    assert "/exports/templates/shopee/categories" not in page  # no template: the profile's own

    upload(client, shopee_template())
    page = client.get(check).get_data(as_text=True)
    link = "/exports/templates/shopee/categories#category-grains_nuts.peanuts"
    assert (link, f"{check}#product-{product.id}") in fix_links(page)  # and back (issue 20)
    assert parse_html(page).by_id("template-notes-heading") is not None
    box = parse_html(page).find("input", name="product", value=str(product.id))
    assert "disabled" in box.attrs, "blocked"
    assert client.get(link.split("#")[0]).status_code == 200

    saved = _map(client, next=f"{check}#product-{product.id}", **{"grains_nuts.peanuts": PEANUTS})
    assert saved.location == f"{check}#product-{product.id}"  # saving returns to the check
    page = client.get(check).get_data(as_text=True)
    assert link.split("#")[0] not in page
    box = parse_html(page).find("input", name="product", value=str(product.id))
    assert "disabled" not in box.attrs


def test_a_member_reads_the_mapping_but_cannot_change_it(as_member):
    page = as_member.get("/exports/templates/shopee/categories")
    assert page.status_code == 200  # no template yet: says so
    save_template(profiles.get("shopee"), shopee_template(), "mau.xlsx", None)
    html = as_member.get("/exports/templates/shopee/categories").get_data(as_text=True)
    box = parse_html(html).find("input", name="category-grains_nuts.peanuts")
    assert "disabled" in box.attrs
    assert parse_html(html).find("input", type="submit") is None


def test_the_demo_has_shopees_template_with_its_products_categories_mapped(demo, db, client):
    from app.models import Cooperative

    [kept] = templates_kept()
    assert kept.marketplace == "shopee" and kept.layout["categories"]
    assert kept.layout["unfilled"][0] == {"header": "Hàng nguy hiểm", "mandatory": True}
    mapped = {m.category for m in _db.session.scalars(_db.select(CategoryMapping))}
    assert {"grains_nuts.peanuts", "processed.oils"} <= mapped and "rice.white" not in mapped
    coop = db.session.execute(db.select(Cooperative).filter_by(slug="htx-lam-binh")).scalar_one()
    client.post(
        "/auth/login",
        data={"login": "lan.khuyennong@tuyenquang.example.vn", "password": "LenSan@2026"},
    )
    html = client.get(f"/exports/check?marketplace=shopee&cooperative={coop.id}").get_data(
        as_text=True
    )
    assert "Hàng nguy hiểm" in html  # the template's column Lên Sàn cannot fill
    assert "/exports/templates/shopee/categories#" not in html  # every category mapped


def test_a_mapping_to_a_category_the_new_template_no_longer_lists_blocks_again(client, officer, db):
    coop = factories.CooperativeFactory(province_code=8, commune_code=2266)
    ready_product(coop)
    sign_in(client, officer)
    upload(client, shopee_template())
    _map(client, **{"grains_nuts.peanuts": PEANUTS})
    check = f"/exports/check?marketplace=shopee&cooperative={coop.id}"
    assert "#category-grains_nuts.peanuts" not in client.get(check).get_data(as_text=True)
    upload(client, shopee_template(categories=CATEGORIES[1:]))  # the seller centre's new list
    assert "#category-grains_nuts.peanuts" in client.get(check).get_data(as_text=True)
