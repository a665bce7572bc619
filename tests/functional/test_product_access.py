"""Nobody reaches another cooperative's products: not by URL, not by a tampered form.

Members act on their own cooperative, officers in their area, admins everywhere.
"""

from datetime import timedelta

import pytest

from app.models import Role
from tests.support import factories
from tests.support.certificates import make_cert
from tests.support.clients import sign_in
from tests.support.products import (
    TODAY,
    VALID,
    make_product,
    post_new,
    products,
    variants,
)


def _urls(product):
    return [
        ("get", f"/products/{product.id}"),
        ("get", f"/products/{product.id}/edit"),
        ("post", f"/products/{product.id}/edit"),
        ("post", f"/products/{product.id}/archive"),
        ("post", f"/products/{product.id}/unarchive"),
        ("get", f"/products/new?cooperative={product.cooperative_id}"),
        ("post", f"/products/new?cooperative={product.cooperative_id}"),
    ]


@pytest.mark.parametrize("who", ["member_elsewhere", "officer_elsewhere"])
def test_another_cooperatives_products_are_refused(client, db, coop_tq, coop_ld, who):
    product = make_product(coop_tq, name="Lạc nhân", status="active")
    if who == "member_elsewhere":
        user = factories.UserFactory(role=Role.MEMBER, cooperative=coop_ld)
    else:
        user = factories.OfficerFactory(areas__province_code=68)
    sign_in(client, user)
    for method, url in _urls(product):
        data = dict(VALID, name="Đã bị sửa") if method == "post" else None
        assert client.open(url, method=method.upper(), data=data).status_code == 403, url
    (product,) = products()
    assert (product.name, product.status) == ("Lạc nhân", "active")
    assert "Lạc nhân" not in client.get("/products/").get_data(as_text=True)
    tampered = client.get(f"/products/?cooperative={coop_tq.id}").get_data(as_text=True)
    assert "Lạc nhân" not in tampered


def test_an_officer_in_the_area_and_an_admin_may_act(client, db, coop_tq, officer, admin):
    product = make_product(coop_tq, name="Lạc nhân")
    for user in (officer, admin):
        sign_in(client, user)
        for method, url in _urls(product)[:2]:
            assert client.open(url, method=method.upper()).status_code == 200, url
        assert "Lạc nhân" in client.get("/products/").get_data(as_text=True)
        client.post("/auth/logout")


def test_anonymous_visitors_are_sent_to_sign_in(client, db, coop_tq):
    product = make_product(coop_tq)
    for method, url in _urls(product) + [("get", "/products/")]:
        response = client.open(url, method=method.upper())
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_member_lists_only_their_own_cooperatives_products(as_member, db, coop_tq, coop_ld):
    make_product(coop_tq, name="Lạc nhân của chúng tôi")
    make_product(coop_ld, name="Cà phê của HTX khác", sku="CF-1")
    html = as_member.get("/products/").get_data(as_text=True)
    assert "Lạc nhân của chúng tôi" in html and "Cà phê của HTX khác" not in html
    assert 'name="cooperative"' not in html  # no cooperative filter for one cooperative


def test_a_posted_cooperative_id_does_not_move_a_product(as_member, db, coop_tq, coop_ld):
    product = make_product(coop_tq, name="Lạc nhân", sku="LB-LAC-500")
    data = dict(VALID, cooperative_id=str(coop_ld.id), cooperative=str(coop_ld.id))
    data["variants-0-id"] = str(product.variants[0].id)
    response = as_member.post(f"/products/{product.id}/edit?cooperative={coop_ld.id}", data=data)
    assert response.status_code == 302
    (product,) = products()
    assert product.cooperative_id == coop_tq.id
    assert {v.cooperative_id for v in product.variants} == {coop_tq.id}


def test_a_tampered_variant_id_cannot_reach_another_product(as_member, db, coop_tq, coop_ld):
    mine = make_product(coop_tq, name="Lạc nhân", sku="LB-1")
    theirs = make_product(coop_ld, name="Cà phê", sku="CF-1")
    data = dict(VALID, **{"variants-0-id": str(theirs.variants[0].id), "variants-0-sku": "LB-1"})
    assert as_member.post(f"/products/{mine.id}/edit", data=data).status_code == 302
    skus = {(v.product_id, v.sku, v.price_vnd) for v in variants()}
    assert (theirs.id, "CF-1", 50_000) in skus
    assert (mine.id, "LB-1", 75_000) in skus and len(skus) == 2


def test_certificates_of_another_cooperative_or_expired_are_refused(
    as_member, db, coop_tq, coop_ld
):
    theirs = make_cert(coop_ld, kind="ocop", ocop_stars=5, number="OCOP-LD")
    expired = make_cert(
        coop_tq, number="VG-OLD", issued_on=TODAY - timedelta(days=400),
        expires_on=TODAY - timedelta(days=1),
    )  # fmt: skip
    mine = make_cert(coop_tq, number="VG-OK")
    for bad in (str(theirs.id), str(expired.id), "abc"):
        html = post_new(as_member, coop_tq, VALID, certificate_ids=[str(mine.id), bad]).get_data(
            as_text=True
        )
        assert 'id="certificate_ids-error"' in html
        assert "Chỉ được chọn chứng nhận của hợp tác xã này còn hiệu lực hôm nay." in html
        assert products() == []


def test_a_link_to_a_certificate_that_expired_cannot_be_saved_again(as_member, db, coop_tq):
    cert = make_cert(coop_tq, number="VG-1")
    assert post_new(as_member, coop_tq, VALID, certificate_ids=[str(cert.id)]).status_code == 302
    product = products()[0]
    assert [c.id for c in product.certificates] == [cert.id]
    cert.expires_on = TODAY - timedelta(days=1)
    db.session.commit()
    data = dict(VALID, certificate_ids=[str(cert.id)])
    data["variants-0-id"] = str(product.variants[0].id)
    html = as_member.post(f"/products/{product.id}/edit", data=data).get_data(as_text=True)
    assert 'id="certificate_ids-error"' in html
    del data["certificate_ids"]
    assert as_member.post(f"/products/{product.id}/edit", data=data).status_code == 302
    assert products()[0].certificates == []
