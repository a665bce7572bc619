"""factory_boy factories writing through the app's SQLAlchemy session, one per model the tests
build. Each saves (and commits) a plain row with believable defaults; a test that is about the
service which builds a row calls the service instead."""

import hashlib
from datetime import UTC, date, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from app.clock import local_today
from app.extensions import db
from app.models import (
    Batch,
    Certificate,
    Cooperative,
    Listing,
    OfficerArea,
    OnboardingStep,
    Plot,
    Product,
    ProductImage,
    ProductVariant,
    SupportVisit,
    TraceEvent,
    User,
)
from app.text import fold
from tests.support.clients import PASSWORD


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class CooperativeFactory(Base):
    class Meta:
        model = Cooperative

    legal_name = factory.Sequence(lambda n: f"Hợp tác xã Nông nghiệp Số {n}")
    short_name = factory.Sequence(lambda n: f"HTX Số {n}")
    slug = factory.Sequence(lambda n: f"htx-so-{n}")
    tax_code = factory.Sequence(lambda n: f"{5000000000 + n}")
    province_code = 8
    commune_code = 2266
    search_text = factory.LazyAttribute(lambda o: fold(f"{o.legal_name} {o.short_name}"))


class UserFactory(Base):
    class Meta:
        model = User

    name = factory.Sequence(lambda n: f"Người dùng {n}")
    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    role = "member"
    password_hash = ""

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            db.session.commit()


class OfficerAreaFactory(Base):
    class Meta:
        model = OfficerArea

    province_code = 8
    commune_code = None


class OfficerFactory(UserFactory):
    role = "officer"
    areas = factory.RelatedFactory(OfficerAreaFactory, factory_related_name="officer")


class ProductFactory(Base):
    """A product written directly, without variants unless a test adds them."""

    class Meta:
        model = Product

    cooperative = factory.SubFactory(CooperativeFactory)
    slug = factory.Sequence(lambda n: f"san-pham-{n}")
    name = "Lạc đỏ Lâm Bình"
    category = "grains_nuts.peanuts"
    unit = "túi"


class ProductVariantFactory(Base):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory)
    cooperative_id = factory.LazyAttribute(lambda o: o.product.cooperative_id)
    sku = factory.Sequence(lambda n: f"SKU-{n}")
    name = "Túi 500 g"
    price_vnd = 50_000


class ProductImageFactory(Base):
    """An image row; the files behind the keys are the test's business."""

    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    original_key = factory.Sequence(lambda n: f"images/aa/anh-{n}.jpg")
    width = 800
    height = 600


class CertificateFactory(Base):
    class Meta:
        model = Certificate

    cooperative = factory.SubFactory(CooperativeFactory)
    kind = "vietgap"
    number = factory.Sequence(lambda n: f"VietGAP-TT-{n:02d}")
    issuer = "Tổ chức chứng nhận"
    issued_on = factory.LazyFunction(lambda: local_today() - timedelta(days=300))
    expires_on = factory.LazyFunction(lambda: local_today() + timedelta(days=300))


class PlotFactory(Base):
    class Meta:
        model = Plot

    cooperative = factory.SubFactory(CooperativeFactory)
    name = "Nương Nà Va"
    province_code = factory.LazyAttribute(lambda o: o.cooperative.province_code)
    commune_code = factory.LazyAttribute(lambda o: o.cooperative.commune_code)


class BatchFactory(Base):
    class Meta:
        model = Batch

    product = factory.SubFactory(ProductFactory)
    cooperative = factory.LazyAttribute(lambda o: o.product.cooperative)
    code = factory.Sequence(lambda n: f"LB-LAC-26-{n:02d}")
    public_code = factory.LazyAttribute(
        lambda o: hashlib.sha256(o.code.encode()).hexdigest()[:10].upper()
    )
    unit = "kg"
    produced_on = date(2026, 7, 1)


class TraceEventFactory(Base):
    """An event inserted directly after the batch's last one, with a stand-in hash: for tests
    that depend on the schema, not on how the event service checks and chains events."""

    class Meta:
        model = TraceEvent

    batch = factory.SubFactory(BatchFactory)
    seq = factory.LazyAttribute(lambda o: max((e.seq for e in o.batch.events), default=0) + 1)
    kind = "harvest"
    occurred_at = factory.LazyFunction(
        lambda: datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(days=1)
    )
    content_hash = factory.LazyAttribute(
        lambda o: hashlib.sha256(f"{o.batch.id}:{o.seq}:{o.kind}".encode()).hexdigest()
    )

    @factory.post_generation
    def _refresh_batch(obj, create, extracted, **kwargs):
        if create:
            db.session.refresh(obj.batch)


class SupportVisitFactory(Base):
    class Meta:
        model = SupportVisit

    officer = factory.SubFactory(OfficerFactory)
    kind = "visit"
    visited_on = factory.LazyFunction(lambda: local_today() - timedelta(days=5))
    province_code = 8
    commune_code = 2266
    topic = "Tập huấn đóng gói và giao hàng"
    people_guided = 20


class OnboardingStepFactory(Base):
    class Meta:
        model = OnboardingStep

    cooperative_id = factory.LazyFunction(lambda: CooperativeFactory().id)
    marketplace = "voso"
    step = "documents"
    status = "done"
    done_on = factory.LazyAttribute(lambda o: local_today() if o.status == "done" else None)


class ListingFactory(Base):
    class Meta:
        model = Listing

    variant = factory.SubFactory(ProductVariantFactory)
    product_id = factory.LazyAttribute(lambda o: o.variant.product_id)
    marketplace = "province"
