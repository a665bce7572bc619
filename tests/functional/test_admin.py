"""Administrators create accounts; bad input is explained and nothing is half-saved."""

import pytest

from app.models import OfficerArea, User


def _users(db):
    return db.session.execute(db.select(User).order_by(User.id)).scalars().all()


def test_admin_lists_users(as_admin, admin):
    html = as_admin.get("/admin/users").get_data(as_text=True)
    assert admin.email in html and "Quản trị viên" in html


def test_admin_creates_an_officer_covering_a_province(as_admin, db):
    response = as_admin.post(
        "/admin/users/new",
        data={
            "name": "Đặng Thu Hà",
            "email": "ha@example.vn",
            "password": "mat-khau-9",
            "role": "officer",
            "province": "68",
            "locale": "vi",
        },
    )
    assert response.status_code == 302
    user = db.session.execute(db.select(User).where(User.email == "ha@example.vn")).scalar_one()
    assert user.role == "officer"
    assert db.session.execute(db.select(OfficerArea.province_code)).scalars().all() == [68]


def test_admin_creates_a_member_of_a_cooperative(as_admin, db, coop_tq):
    response = as_admin.post(
        "/admin/users/new",
        data={
            "name": "Ma Văn Tâm",
            "phone": "0987 000 111",
            "password": "mat-khau-9",
            "role": "member",
            "cooperative": coop_tq.slug,
            "locale": "vi",
        },
    )
    assert response.status_code == 302
    user = db.session.execute(db.select(User).where(User.phone == "0987000111")).scalar_one()
    assert user.cooperative_id == coop_tq.id


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "officer"}, "Cán bộ cần phụ trách ít nhất một tỉnh."),
        ({"role": "member"}, "Thành viên phải thuộc một hợp tác xã đã có trên hệ thống."),
        ({"password": "short"}, "Mật khẩu cần ít nhất 8 ký tự."),
        ({"phone": "12345"}, "Không phải số điện thoại Việt Nam."),
        ({"email": "", "phone": ""}, "Cần có email hoặc số điện thoại để đăng nhập."),
        ({"name": "x" * 10_000}, "Tối đa 120 ký tự."),
        ({"role": "superuser"}, "Vai trò không hợp lệ."),
        ({"locale": "fr"}, "Ngôn ngữ không hợp lệ."),
        ({"email": "admin-dup@example.vn"}, "Đã có tài khoản khác dùng admin-dup@example.vn."),
    ],
)
def test_bad_account_input_is_explained_and_nothing_is_saved(as_admin, db, data, message):
    from tests.support.factories import UserFactory

    UserFactory(email="admin-dup@example.vn")
    before = len(_users(db))
    form = {
        "name": "Người Mới",
        "email": "moi@example.vn",
        "password": "mat-khau-9",
        "role": "admin",
        "locale": "vi",
    }
    response = as_admin.post("/admin/users/new", data=dict(form, **data))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert len(_users(db)) == before
