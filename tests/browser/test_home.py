"""A member on a 360×740 phone signs in, lands on "Việc cần làm" and follows a to-do to the
very field that fixes it: the demo's new peanut batch has no harvest recorded."""

import re

from tests.support.browser import screenshot, sign_in

MEMBER = "hoa@htxlambinh.example.vn"
LOT = "LB-LAC-2026-10"  # demo (app/dashboard/demo.py): dug up, nothing recorded yet


def test_a_member_lands_on_their_to_dos_and_follows_one_to_its_field(live_server, phone):
    sign_in(phone, live_server, login=MEMBER)
    phone.wait_for_url(f"{live_server}/dashboard/")
    assert phone.get_by_role("heading", level=2, name="Việc cần làm").is_visible()
    todos = phone.locator("[data-todo]")
    assert todos.count() >= 4  # several believable next steps
    assert phone.locator("body").evaluate("b => b.scrollWidth") <= 360  # no sideways scrolling
    screenshot(phone, "member-home-360")

    harvest = phone.locator("[data-todo=batch_harvest]", has_text=LOT)
    harvest.get_by_role("link", name="Ghi thu hoạch").click()
    phone.wait_for_url(re.compile(r".*/events/new\?kind=harvest#kind$"))
    kind = phone.get_by_label("Việc đã làm")
    assert kind.input_value() == "harvest"
    assert kind.evaluate("el => el.id") == "kind"
    assert LOT in phone.locator("main").inner_text()

    # Back home, a shortcut opens the event form of a recent batch in one tap.
    phone.goto(f"{live_server}/dashboard/")
    phone.locator("a[data-batch]").first.click()
    phone.wait_for_url(re.compile(r".*/trace/batches/\d+/events/new$"))
