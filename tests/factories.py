"""factory_boy factories writing through the app's SQLAlchemy session."""

import factory
from factory.alchemy import SQLAlchemyModelFactory

from app.extensions import db
from app.models import Cooperative, OfficerArea, User
from app.text import fold


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
        obj.set_password(extracted or "correct horse 42")
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
