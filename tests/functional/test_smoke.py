def test_home_and_health(client, db):
    assert client.get("/").status_code == 200
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_login_lands_on_dashboard(as_officer, coop_tq):
    page = as_officer.get("/dashboard/")
    assert page.status_code == 200
    assert coop_tq.short_name in page.get_data(as_text=True)
