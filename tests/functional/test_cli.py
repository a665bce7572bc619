"""The command line: create-user and seed-demo."""

from app.demo import COOPERATIVES, USERS
from app.models import Cooperative, OfficerArea, User


def _users(db):
    return db.session.execute(db.select(User)).scalars().all()


def test_create_officer_with_areas(runner, db):
    result = runner.invoke(
        args=[
            "create-user",
            "--name",
            "Nguyễn Văn An",
            "--email",
            "AN@Example.vn",
            "--role",
            "officer",
            "--area",
            "8",
            "--area",
            "68:25000",
            "--password",
            "mat-khau-dai",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.execute(db.select(User)).scalar_one()
    assert user.email == "an@example.vn" and user.check_password("mat-khau-dai")
    areas = db.session.execute(db.select(OfficerArea.province_code, OfficerArea.commune_code)).all()
    assert sorted(areas, key=str) == sorted([(8, None), (68, 25000)], key=str)


def test_create_member_needs_an_existing_cooperative(runner, db, coop_tq):
    bad = runner.invoke(
        args=[
            "create-user",
            "--name",
            "A",
            "--phone",
            "0912000111",
            "--cooperative",
            "nope",
            "--password",
            "mat-khau-dai-8",
        ]
    )
    assert bad.exit_code != 0 and "cooperative" in bad.output
    good = runner.invoke(
        args=[
            "create-user",
            "--name",
            "A",
            "--phone",
            "+84912000111",
            "--cooperative",
            coop_tq.slug,
            "--password",
            "mat-khau-dai-8",
        ]
    )
    assert good.exit_code == 0, good.output
    assert db.session.execute(db.select(User.phone)).scalar_one() == "0912000111"


def test_create_user_refuses_bad_input_and_saves_nothing(runner, db):
    cases = [
        ["--name", "A", "--password", "mat-khau-dai-8"],  # no login
        ["--name", "A", "--phone", "12345", "--password", "mat-khau-dai-8"],
        ["--name", "A", "--email", "a@b.vn", "--password", "short"],
        [
            "--name",
            "A",
            "--email",
            "a@b.vn",
            "--role",
            "officer",
            "--area",
            "8:25000",
            "--password",
            "mat-khau-dai-8",
        ],
        [
            "--name",
            "A",
            "--email",
            "a@b.vn",
            "--role",
            "officer",
            "--area",
            "xx",
            "--password",
            "mat-khau-dai-8",
        ],
        ["--name", "A", "--email", "a@b.vn", "--role", "officer", "--password", "mat-khau-dai-8"],
    ]
    for args in cases:
        result = runner.invoke(args=["create-user", *args])
        assert result.exit_code != 0, args
    assert _users(db) == []


def test_seed_demo_is_idempotent_and_believable(runner, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "LenSan@2026" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    coops = db.session.execute(db.select(Cooperative)).scalars().all()
    assert len(coops) == len(COOPERATIVES) == 3
    assert len(_users(db)) == len(USERS)
    names = {c.legal_name for c in coops}
    assert "Hợp tác xã Nông nghiệp và Dịch vụ Lâm Bình" in names
    assert {(c.province_code, c.commune_code) for c in coops} == {(8, 2266), (68, 25000), (8, 2215)}
    assert "demo not loaded" in runner.invoke(args=["seed-demo", "--if-empty"]).output


def test_demo_shows_a_recorded_bank_change_and_a_move_waiting_for_the_officer(
    db, demo, runner, client
):
    runner.invoke(args=["seed-demo"])  # once only
    coops = {c.slug: c for c in db.session.execute(db.select(Cooperative)).scalars()}
    assert (coops["htx-di-linh"].province_code, coops["htx-di-linh"].commune_code) == (68, 25000)
    client.post(
        "/auth/login",
        data={"login": "bao.khuyennong@lamdong.example.vn", "password": "LenSan@2026"},
    )
    html = client.get(f"/cooperatives/{coops['htx-di-linh'].id}").get_data(as_text=True)
    assert html.count('class="flash flash-info move-waiting"') == 1
    assert "Ka Thuỳ" in html and "Xã Ninh Gia" in html
    client.post("/auth/logout")
    client.post(
        "/auth/login", data={"login": "hoa@htxlambinh.example.vn", "password": "LenSan@2026"}
    )
    html = client.get(f"/cooperatives/{coops['htx-lam-binh'].id}").get_data(as_text=True)
    assert "Lịch sử thay đổi" in html
    assert "8700100200300" in html and "8700123456789" in html and "Ma Thị Hoa" in html


def test_demo_accounts_can_sign_in(db, demo, client):
    for user in USERS:
        response = client.post("/auth/login", data={"login": user.email, "password": "LenSan@2026"})
        assert response.status_code == 302, user.email
        client.post("/auth/logout")
