"""axe-core (the engine behind Lighthouse's accessibility audit) finds no serious or critical
violation on the public pages, the sign-in page and the officers' main pages, in both
languages, on a phone-sized viewport."""

import pytest

from tests.support.browser import serious_violations, sign_in

PUBLIC_PAGES = ["/", "/auth/login", "/c/htx-lam-binh", "/c/htx-di-linh", "/c/htx-lam-binh/poster"]
# What a buyer opens from a label (issue 19): the trace page, a wrong code, a missing page.
PUBLIC_PAGES += ["/t/TQPNT2607B", "/c/htx-lam-binh/p/lac-do-lam-binh"]
MISSING_PAGES = ["/t?code=G7KC+TVVA+8X", "/t/G7KCTVVA8X", "/no-such-page"]  # 404s
# The public catalogue (issue 19): the home page, a search, a province.
PUBLIC_PAGES += ["/?q=lac+do&sao=3", "/tinh/tuyen-quang"]
OFFICER_PAGES = [
    "/dashboard/",
    "/dashboard/?marketplace=voso&step=first_listing&state=todo",
    "/cooperatives/",
    "/cooperatives/new",
    "/import/cooperatives",
    "/jobs/",
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_public_pages_pass_axe(live_server, phone, language):
    phone.goto(f"{live_server}/auth/language/{language}")
    for path in PUBLIC_PAGES:
        phone.goto(f"{live_server}{path}")
        assert serious_violations(phone) == [], path


def test_officer_pages_pass_axe(live_server, phone):
    sign_in(phone, live_server)
    phone.wait_for_url(f"{live_server}/dashboard/")
    for path in OFFICER_PAGES:
        phone.goto(f"{live_server}{path}")
        assert serious_violations(phone) == [], path
    # A failed job's page (the demo's push), with its reason, report and "run again".
    phone.goto(f"{live_server}/jobs/?status=failed")
    phone.locator("[data-job] a").first.click()
    phone.wait_for_selector("[role=alert]")
    assert serious_violations(phone) == []
    # A form showing its errors is audited too.
    phone.goto(f"{live_server}/cooperatives/new")
    phone.get_by_role("button", name="Lưu").click()
    assert phone.locator(".error-summary").is_visible()
    assert serious_violations(phone) == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_member_home_passes_axe(live_server, phone, language):
    """The member's home ("Việc cần làm"): to-dos, record shortcuts, quick links."""
    sign_in(phone, live_server, login="hoa@htxlambinh.example.vn")
    phone.wait_for_url(f"{live_server}/dashboard/")
    phone.goto(f"{live_server}/auth/language/{language}?next=/dashboard/")
    try:
        assert phone.locator("[data-todo]").count() > 0
        assert serious_violations(phone) == []
    finally:  # the choice is kept on the account: later tests read her pages in Vietnamese
        phone.goto(f"{live_server}/auth/language/vi?next=/dashboard/")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_wrong_code_and_a_missing_page_pass_axe(live_server, browser, language):
    """Their 404 status is the console's only error, so they get their own phone."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server}/auth/language/{language}")
    for path in MISSING_PAGES:
        assert page.goto(f"{live_server}{path}").status == 404, path
        assert page.locator("form.code-box input[name=code]").is_visible(), path
        assert serious_violations(page) == [], path
    context.close()
    assert errors == []
