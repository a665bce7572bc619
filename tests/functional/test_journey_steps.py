"""Issue 18's journey in fewer page loads: the batch page offers its next step (the harvest,
then the packing) in one tap, a first packing goes on to printing the labels, and a product
of a cooperative with no plot yet links to adding one."""

from app.models import LabelRun
from tests.support.events import events_of, form, make_batch, make_plot, record
from tests.support.products import make_product


def _page(client, batch) -> str:
    return client.get(f"/trace/batches/{batch.id}").get_data(as_text=True)


def _next_link(batch, kind) -> str:
    return f'data-next="{kind}" href="/trace/batches/{batch.id}/events/new?kind={kind}#kind"'


def test_the_batch_page_offers_the_harvest_then_the_packing_then_nothing(
    as_member, member, coop_tq
):
    batch = make_batch(coop_tq, plot=make_plot(coop_tq))
    page = _page(as_member, batch)
    assert _next_link(batch, "harvest") in page and "Ghi thu hoạch" in page
    assert f'href="/trace/batches/{batch.id}/events/new">Ghi sự kiện' in page  # any other kind
    record(batch, member, kind="harvest", details={"quantity": "40", "unit": "kg"})
    page = _page(as_member, batch)
    assert "data-next=" in page and _next_link(batch, "packing") in page
    assert "Ghi đóng gói" in page
    record(batch, member, kind="packing")
    assert "data-next=" not in _page(as_member, batch)


def test_a_batch_made_from_others_is_offered_its_packing_and_a_closed_one_nothing(
    as_member, db, coop_tq
):
    grown = make_batch(coop_tq)
    oil = make_batch(coop_tq)
    oil.inputs.append(grown)
    db.session.commit()
    assert _next_link(oil, "packing") in _page(as_member, oil)  # no harvest of its own
    closed = make_batch(coop_tq, status="closed")
    assert "data-next=" not in _page(as_member, closed)
    recalled = make_batch(coop_tq, status="recalled")
    assert "data-next=" not in _page(as_member, recalled)


def test_a_first_packing_goes_on_to_the_labels_and_a_later_one_back_to_the_batch(
    as_member, db, coop_tq
):
    batch = make_batch(coop_tq)
    url = f"/trace/batches/{batch.id}/events/new?kind=packing"
    response = as_member.post(url, data=form(kind="packing"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/labels/new?batch={batch.id}"
    landed = as_member.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã ghi sự kiện #1." in landed  # the packing is confirmed where the member lands
    db.session.add(LabelRun(batch_id=batch.id, template="a4-4x10", count=40, status="done"))
    db.session.commit()
    again = as_member.post(url, data=form(kind="packing"))
    assert again.headers["Location"] == f"/trace/batches/{batch.id}#events"
    assert len(events_of(batch)) == 2


def test_a_packing_of_a_failed_run_goes_to_the_labels_and_other_kinds_to_the_batch(
    as_member, db, coop_tq
):
    batch = make_batch(coop_tq)
    db.session.add(LabelRun(batch_id=batch.id, template="a4-4x10", count=40, status="failed"))
    db.session.commit()
    packing = as_member.post(
        f"/trace/batches/{batch.id}/events/new?kind=packing", data=form(kind="packing")
    )
    assert packing.headers["Location"] == f"/labels/new?batch={batch.id}"
    planting = as_member.post(f"/trace/batches/{batch.id}/events/new", data=form())
    assert planting.headers["Location"] == f"/trace/batches/{batch.id}#events"
    closed = make_batch(coop_tq, status="closed")
    response = as_member.post(
        f"/trace/batches/{closed.id}/events/new?kind=packing", data=form(kind="packing")
    )
    assert response.headers["Location"] == f"/trace/batches/{closed.id}#events"


def test_a_product_of_a_cooperative_without_a_plot_links_to_adding_one(as_member, coop_tq):
    product = make_product(coop_tq)
    add_plot = f'href="/trace/plots/new?cooperative={coop_tq.id}"'
    page = as_member.get(f"/products/{product.id}").get_data(as_text=True)
    assert "data-no-plot" in page and add_plot in page
    make_plot(coop_tq)
    page = as_member.get(f"/products/{product.id}").get_data(as_text=True)
    assert "data-no-plot" not in page and add_plot not in page
