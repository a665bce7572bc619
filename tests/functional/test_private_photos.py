"""/media/<key> does not give away photos that are not public yet: a draft product's photos
and an internal trace event's photos answer 404 to the public (and to other cooperatives),
while the staff of the owning cooperative still see them. Each test runs on both storage
backends (the local folder, a bucket of the local S3 server)."""

import pytest

from app.models import ProductStatus
from app.product_images.services import add_images
from app.trace.event_photos import thumb_key
from tests.support import factories
from tests.support.clients import PASSWORD, sign_in
from tests.support.events import make_batch, record
from tests.support.product_images import make_product, photo

pytestmark = pytest.mark.usefixtures("media_backend")  # on the local folder and on S3


def _keys(image) -> list[str]:
    return [image.original_key, image.thumb_key, image.square_key]


@pytest.fixture
def draft_photo(app, db, coop_tq):
    product = make_product(coop_tq)
    assert product.status == ProductStatus.DRAFT
    with app.test_request_context():
        [image] = add_images(product, [("a.jpg", photo(seed=11))])
    return product, image


def test_a_draft_products_photos_are_not_public(client, db, draft_photo):
    _product, image = draft_photo
    for key in _keys(image):
        response = client.get(f"/media/{key}")
        assert response.status_code == 404, key
        assert response.cache_control.no_store  # no cache keeps the 404 once it is public


def test_the_cooperatives_staff_see_a_drafts_photos_privately(client, db, member, draft_photo):
    _product, image = draft_photo
    sign_in(client, member)
    for key in _keys(image):
        response = client.get(f"/media/{key}")
        assert response.status_code == 200, key
        assert response.cache_control.private and not response.cache_control.public
        assert response.cache_control.max_age is None


def test_staff_of_the_area_see_them_and_others_do_not(client, db, officer, coop_ld, draft_photo):
    _product, image = draft_photo
    sign_in(client, officer)  # covers Tuyên Quang, where the cooperative is
    assert client.get(f"/media/{image.thumb_key}").status_code == 200
    client.post("/auth/logout")
    stranger = factories.UserFactory(role="member", cooperative=coop_ld, password=PASSWORD)
    sign_in(client, stranger)
    assert client.get(f"/media/{image.thumb_key}").status_code == 404


def test_once_active_the_photos_are_public_for_a_year(client, db, draft_photo):
    product, image = draft_photo
    product.status = ProductStatus.ACTIVE
    db.session.commit()
    response = client.get(f"/media/{image.square_key}")
    assert response.status_code == 200 and response.cache_control.immutable
    assert response.cache_control.max_age == 365 * 24 * 3600


def test_a_photo_shared_with_an_active_product_stays_public(app, client, db, coop_tq, draft_photo):
    _draft, image = draft_photo
    other = make_product(coop_tq, name="Lạc rang")
    other.status = ProductStatus.ACTIVE
    db.session.commit()
    with app.test_request_context():
        add_images(other, [("same.jpg", photo(seed=11))])  # the same bytes: the same keys
    assert client.get(f"/media/{image.original_key}").status_code == 200


def test_an_internal_events_photos_are_not_public(client, db, coop_tq, member):
    batch = make_batch(coop_tq)
    event = record(batch, member, public=False, photos=[("noi-bo.jpg", photo(seed=21))])
    [key] = event.photo_keys
    for each in (key, thumb_key(key)):
        assert client.get(f"/media/{each}").status_code == 404, each
    sign_in(client, member)
    for each in (key, thumb_key(key)):
        assert client.get(f"/media/{each}").status_code == 200, each


def test_a_public_events_photos_are_public_until_corrected_into_an_internal_one(
    client, db, coop_tq, member
):
    batch = make_batch(coop_tq)
    event = record(batch, member, photos=[("ruong.jpg", photo(seed=22))])
    [key] = event.photo_keys
    assert client.get(f"/media/{thumb_key(key)}").status_code == 200
    record(batch, member, public=False, supersedes=event)  # keeps the photos, hides them
    assert client.get(f"/media/{thumb_key(key)}").status_code == 404


def test_a_deleted_photo_is_served_to_nobody(client, db, member, draft_photo):
    product, image = draft_photo
    keys = _keys(image)
    product.images.remove(image)
    db.session.commit()
    sign_in(client, member)
    assert [client.get(f"/media/{k}").status_code for k in keys] == [404, 404, 404]


def test_the_trace_page_of_a_drafts_batch_shows_no_photo(client, db, coop_tq, draft_photo):
    product, image = draft_photo
    batch = make_batch(coop_tq, product=product)
    page = client.get(f"/t/{batch.public_code}")
    assert page.status_code == 200 and image.thumb_key not in page.get_data(as_text=True)
    record_json = client.get(f"/t/{batch.public_code}/record.json").get_json()
    assert record_json["images"] == []
    product.status = ProductStatus.ACTIVE
    db.session.commit()
    assert image.thumb_key in client.get(f"/t/{batch.public_code}").get_data(as_text=True)
