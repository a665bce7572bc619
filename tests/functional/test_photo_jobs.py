"""Photo renditions as a background job, on a real Redis queue and a real ``flask worker``, on
both storage backends: an upload stores the cleaned original at once; until a worker has made
the thumbnail and the marketplace square, the photos page shows the original marked
"processing" and the trace page shows the original."""

import io

import pytest

from app import storage
from app.extensions import db as _db
from app.models import Job, JobStatus, ProductImage, ProductStatus
from tests.support import factories
from tests.support.batches import make_batch
from tests.support.clients import PASSWORD, sign_in
from tests.support.jobs import finish_worker, rq_app, start_worker
from tests.support.product_images import make_product, photo
from tests.support.redis_workers import redis_answers

pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis answers on 127.0.0.1:6379")
S3_SETTINGS = ("STORAGE", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION")


@pytest.fixture
def queued(app, tmp_path, media_backend):
    """An app whose jobs wait in Redis for a worker, its media where ``media_backend`` is."""
    on_s3 = media_backend.name == "s3"
    settings = {name: app.config[name] for name in S3_SETTINGS} if on_s3 else {}
    with rq_app(app, tmp_path, **settings) as made:
        yield made


def test_a_photo_shows_its_original_until_a_worker_makes_its_renditions(queued, media_backend):
    assert storage.backend().name == media_backend.name
    coop = factories.CooperativeFactory(province_code=8, commune_code=2266)
    member = factories.UserFactory(role="member", cooperative=coop, password=PASSWORD)
    product = make_product(coop)
    product.status = ProductStatus.ACTIVE
    batch = make_batch(product)
    client = sign_in(queued.test_client(), member)
    sent = client.post(
        f"/products/{product.id}/images/",
        data={"photos": [(io.BytesIO(photo(seed=5)), "anh.jpg")]},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    image = _db.session.scalars(_db.select(ProductImage)).one()
    job = _db.session.scalars(_db.select(Job)).one()
    assert (job.kind, job.status) == ("product_images.renditions", JobStatus.QUEUED)
    assert image.thumb_key is None and image.square_key is None
    assert storage.exists(image.original_key)

    original = f"/media/{image.original_key}"
    page = client.get(f"/products/{product.id}/images/").get_data(as_text=True)
    assert f'src="{original}"' in page and "đang xử lý" in page
    trace = client.get(f"/t/{batch.public_code}")
    assert trace.status_code == 200 and original in trace.get_data(as_text=True)
    assert client.get(original).status_code == 200

    finish_worker(start_worker(queued, "--burst"))
    _db.session.expire_all()
    assert _db.session.get_one(Job, job.id).status == JobStatus.DONE
    image = _db.session.get_one(ProductImage, image.id)
    assert storage.exists(image.thumb_key) and storage.exists(image.square_key)
    page = client.get(f"/products/{product.id}/images/").get_data(as_text=True)
    assert f'src="/media/{image.thumb_key}"' in page and "đang xử lý" not in page
