"""Batches through the staff interface: record, edit, lot rules, dates, expiry from shelf life,
lineage both ways with no cycle, close and reopen, recall.

Every bad input is explained beside its field, keeps what was typed and saves nothing.
"""

from datetime import timedelta

import pytest

from app.models import BatchStatus
from app.services import ServiceError
from app.trace.services import lineage, recall_batch
from tests.support.batches import (
    HARVEST,
    PACKED,
    PUBLIC_CODE,
    batch_form,
    batches,
    error_at,
    make_batch,
    make_plot,
    peanut_and_oil,
    post_batch,
)
from tests.support.products import TODAY, make_product

# --- recording ----------------------------------------------------------------------------------


def test_member_records_a_batch_with_plot_and_variant(as_member, db, coop_tq, member):
    product = make_product(coop_tq, name="Lạc đỏ Lâm Bình", sku="LB-LAC-500", shelf_life_days=180)
    plot = make_plot(coop_tq)
    page = as_member.get(f"/trace/batches/new?product={product.id}").get_data(as_text=True)
    assert f'value="LB-LAC-{TODAY.year}-{TODAY.month:02d}"' in page  # a suggested code
    response = post_batch(
        as_member, product, plot_id=str(plot.id), variant_id=str(product.variants[0].id),
        quantity="1250,5", expires_on=(PACKED + timedelta(days=90)).isoformat(),
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    (batch,) = batches()
    assert response.headers["Location"].endswith(f"/trace/batches/{batch.id}")
    assert (batch.cooperative_id, batch.product_id, batch.variant_id, batch.plot_id) == (
        coop_tq.id, product.id, product.variants[0].id, plot.id,
    )  # fmt: skip
    assert (batch.code, str(batch.quantity.normalize()), batch.unit) == (
        "LB-LAC-2026-07", "1250.5", "kg",
    )  # fmt: skip
    assert (batch.produced_on, batch.packed_on) == (HARVEST, PACKED)
    assert batch.expires_on == PACKED + timedelta(days=90)
    assert batch.status == "open" and batch.created_by_id == member.id
    assert PUBLIC_CODE.fullmatch(batch.public_code)
    page = as_member.get(response.headers["Location"]).get_data(as_text=True)
    assert batch.public_code in page and "Nương Nà Va" in page
    assert "1.250,5 kg" in page  # typed "1250,5", shown with the Vietnamese thousands dot
    assert f"/products/{product.id}" in page  # the product link


def test_empty_expiry_is_computed_from_the_shelf_life_and_said(as_member, db, coop_tq):
    product = make_product(coop_tq, shelf_life_days=180)
    response = post_batch(as_member, product)
    (batch,) = batches()
    assert batch.expires_on == PACKED + timedelta(days=180)
    page = as_member.get(response.headers["Location"]).get_data(as_text=True)
    assert "180" in page and batch.expires_on.strftime("%d/%m/%Y") in page
    post_batch(as_member, product, code="LB-LAC-2", packed_on="")
    assert batches()[1].expires_on == HARVEST + timedelta(days=180)  # from production


def test_without_shelf_life_the_expiry_stays_empty(as_member, db, coop_tq):
    product = make_product(coop_tq, shelf_life_days=None)
    assert post_batch(as_member, product).status_code == 302
    assert batches()[0].expires_on is None


def test_the_public_code_never_changes_and_differs_per_batch(as_member, db, coop_tq):
    product = make_product(coop_tq)
    first, second = make_batch(product, "A-1"), make_batch(product, "A-2")
    code = first.public_code
    assert code != second.public_code
    response = as_member.post(
        f"/trace/batches/{first.id}/edit",
        data={"code": "A-9", "produced_on": HARVEST.isoformat(), "unit": "kg"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert (batches()[0].code, batches()[0].public_code) == ("A-9", code)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("", ""),
        ("LB-LAC-2026-07-LOẠI-1", "21"),  # too long
        ("LÔ-07", "Ô"),
        ("LB LAC 07", "␣"),
        ("LB#LAC", "#"),
        ("X" * 21, "21"),
    ],
)
def test_bad_batch_codes_are_explained_at_the_field(as_member, db, coop_tq, typed, shown):
    product = make_product(coop_tq)
    page = post_batch(as_member, product, code=typed).get_data(as_text=True)
    assert batches() == []
    message = error_at(page, "code")
    assert message and shown in message
    if typed == "LÔ-07":
        assert message.startswith("Mã lô không được chứa Ô.")  # in the user's language
    assert f'value="{typed}"' in page  # what was typed is kept


def test_every_gs1_symbol_is_accepted_in_a_code(as_member, db, coop_tq):
    product = make_product(coop_tq)
    for code in ["!\"%&'()*+,-./:;<", "=>?_azAZ09", "X" * 20]:
        response = post_batch(as_member, product, code=code)
        assert response.status_code == 302, (
            code,
            error_at(response.get_data(as_text=True), "code"),
        )
    assert [b.code for b in batches()] == ["!\"%&'()*+,-./:;<", "=>?_azAZ09", "X" * 20]


def test_the_code_is_unique_in_the_cooperative_only(as_member, db, coop_tq, coop_ld):
    mine = make_product(coop_tq)
    make_batch(mine, "LB-LAC-2026-07")
    page = post_batch(as_member, mine, code="lb-lac-2026-07").get_data(as_text=True)
    assert "LB-LAC-2026-07" in error_at(page, "code") or "lb-lac-2026-07" in error_at(page, "code")
    other = make_product(coop_ld, sku="DL-1")
    make_batch(other, "DL-CF-2026-01")
    assert post_batch(as_member, mine, code="DL-CF-2026-01").status_code == 302
    page = as_member.get(f"/trace/batches/new?product={mine.id}").get_data(as_text=True)
    assert f'value="LB-LAC-{TODAY.year}-{TODAY.month:02d}"' in page or "SKU-1" in page


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("produced_on", {"produced_on": (TODAY + timedelta(days=1)).isoformat(), "packed_on": ""}),
        ("produced_on", {"produced_on": ""}),
        ("produced_on", {"produced_on": "31/02/2026"}),
        ("packed_on", {"packed_on": (HARVEST - timedelta(days=1)).isoformat()}),
        ("expires_on", {"expires_on": (PACKED - timedelta(days=1)).isoformat()}),
        ("quantity", {"quantity": "0"}),
        ("quantity", {"quantity": "mười"}),
        ("quantity", {"quantity": "1,2345"}),
        ("unit", {"unit": "thùng"}),
    ],
)
def test_bad_dates_and_quantities_are_explained(as_member, db, coop_tq, field, values):
    product = make_product(coop_tq)
    page = post_batch(as_member, product, **values).get_data(as_text=True)
    assert batches() == []
    assert error_at(page, field), page[-4000:]


def test_dates_typed_as_dd_mm_yyyy(as_member, db, coop_tq):
    product = make_product(coop_tq)
    response = post_batch(
        as_member, product, produced_on=HARVEST.strftime("%d/%m/%Y"),
        packed_on=PACKED.strftime("%d/%m/%Y"),
    )  # fmt: skip
    assert response.status_code == 302
    assert (batches()[0].produced_on, batches()[0].packed_on) == (HARVEST, PACKED)


@pytest.mark.parametrize("pattern", ["%d%m%Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"])
def test_dates_are_day_first_whatever_the_browsers_language(as_member, db, coop_tq, pattern):
    """Issue 18: "15032025" typed on an English browser stored 3 December 2025."""
    product = make_product(coop_tq)
    form = as_member.get(
        f"/trace/batches/new?product={product.id}", headers={"Accept-Language": "en-US"}
    ).get_data(as_text=True)
    assert 'type="date"' not in form and 'id="produced_on" name="produced_on"' in form
    typed = HARVEST.strftime(pattern)
    response = as_member.post(
        f"/trace/batches/new?product={product.id}",
        data=batch_form(produced_on=typed, packed_on=""),
        headers={"Accept-Language": "en-US"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    (batch,) = batches()
    assert batch.produced_on == HARVEST
    edit = as_member.get(f"/trace/batches/{batch.id}/edit").get_data(as_text=True)
    assert f'value="{HARVEST.strftime("%d/%m/%Y")}"' in edit


@pytest.mark.parametrize(
    ("typed", "message"),
    [("31022026", "Không có ngày này"), ("30/02/2026", "Không có ngày này"),
     ("15/13/2026", "Không có ngày này"), ("15/03/26", "Hãy nhập một ngày có thật"),
     ("15/03/0026", "Hãy kiểm tra năm"), ("2026/03/15", "Hãy nhập một ngày có thật")],
)  # fmt: skip
def test_impossible_dates_are_explained_at_the_field(as_member, db, coop_tq, typed, message):
    product = make_product(coop_tq)
    response = post_batch(as_member, product, produced_on=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and batches() == []
    assert message in error_at(page, "produced_on")
    assert f'value="{typed}"' in page  # what was typed is kept


# --- tampering ----------------------------------------------------------------------------------


def test_tampered_plot_variant_and_input_ids_are_refused(as_member, db, coop_tq, coop_ld):
    product = make_product(coop_tq)
    other_product = make_product(coop_tq, name="Dầu lạc", sku="SKU-2")
    foreign_plot = make_plot(coop_ld, name="Đồi cà phê")
    foreign_product = make_product(coop_ld, name="Cà phê", sku="DL-1")
    foreign_batch = make_batch(foreign_product, "DL-CF-2026-01")
    archived = make_plot(coop_tq, name="Nương cũ")
    archived.archived = True
    db.session.commit()
    for field, value in [
        ("plot_id", foreign_plot.id),
        ("plot_id", archived.id),
        ("plot_id", 99999),
        ("variant_id", other_product.variants[0].id),
        ("variant_id", foreign_product.variants[0].id),
        ("input_ids", foreign_batch.id),
        ("input_ids", 99999),
    ]:
        page = post_batch(as_member, product, **{field: str(value)}).get_data(as_text=True)
        assert error_at(page, field), (field, value)
    assert [b.code for b in batches()] == ["DL-CF-2026-01"]


# --- lineage ------------------------------------------------------------------------------------


def test_lineage_one_step_back_and_one_forward(as_member, db, coop_tq):
    first, second, oil = peanut_and_oil(coop_tq)
    inputs, outputs = lineage(oil)
    assert ([b.code for b in inputs], outputs) == (["LB-LAC-2026-07", "LB-LAC-2026-07-2"], [])
    assert [b.code for b in lineage(first)[1]] == ["LB-DAU-2026-08"]
    page = as_member.get(f"/trace/batches/{oil.id}").get_data(as_text=True)
    made_from = page.split('class="lineage lineage-inputs"')[1].split("</ul>")[0]
    assert f"/trace/batches/{first.id}" in made_from and f"/trace/batches/{second.id}" in made_from
    page = as_member.get(f"/trace/batches/{first.id}").get_data(as_text=True)
    went_into = page.split('class="lineage lineage-outputs"')[1].split("</ul>")[0]
    assert f"/trace/batches/{oil.id}" in went_into and "Dầu lạc Lâm Bình" in went_into


def test_inputs_are_chosen_in_the_form(as_member, db, coop_tq):
    first, second, oil = peanut_and_oil(coop_tq)
    response = post_batch(
        as_member, oil.product, code="LB-DAU-2", produced_on=PACKED.isoformat(),
        input_ids=[str(first.id), str(second.id)],
    )  # fmt: skip
    assert response.status_code == 302, error_at(response.get_data(as_text=True), "input_ids")
    assert [b.code for b in batches()[-1].inputs] == ["LB-LAC-2026-07", "LB-LAC-2026-07-2"]


@pytest.mark.parametrize("depth", [1, 3])
def test_no_cycle_however_far_back(as_member, db, coop_tq, depth):
    product = make_product(coop_tq)
    chain = [make_batch(product, "B-0")]
    for n in range(1, depth + 1):
        chain.append(make_batch(product, f"B-{n}", inputs=[chain[-1]]))
    root, last = chain[0], chain[-1]
    page = as_member.post(
        f"/trace/batches/{root.id}/edit",
        data={"code": "B-0", "produced_on": HARVEST.isoformat(), "unit": "kg",
              "input_ids": str(last.id)},
    ).get_data(as_text=True)  # fmt: skip
    assert "vòng lặp" in error_at(page, "input_ids")
    db.session.expire_all()
    assert db.session.get(type(root), root.id).inputs == []
    edit = as_member.get(f"/trace/batches/{root.id}/edit").get_data(as_text=True)
    assert f'value="{last.id}"' not in edit  # descendants are not even offered


def test_a_recalled_batch_cannot_go_into_a_new_batch_but_an_old_link_stays(as_member, db, coop_tq):
    first, second, oil = peanut_and_oil(coop_tq)
    recall_batch(first, "Aflatoxin vượt ngưỡng", "Ngừng sử dụng", TODAY)
    page = post_batch(
        as_member, oil.product, code="LB-DAU-3", produced_on=PACKED.isoformat(),
        input_ids=[str(first.id), str(second.id)],
    ).get_data(as_text=True)  # fmt: skip
    assert "LB-LAC-2026-07 đã bị thu hồi" in error_at(page, "input_ids")
    offered = as_member.get(f"/trace/batches/new?product={oil.product_id}").get_data(as_text=True)
    assert f'value="{second.id}"' in offered and f'value="{first.id}"' not in offered
    assert [b.code for b in batches()] == ["LB-LAC-2026-07", "LB-LAC-2026-07-2", "LB-DAU-2026-08"]
    response = as_member.post(  # the oil batch, made before the recall, is edited as before
        f"/trace/batches/{oil.id}/edit",
        data={"code": oil.code, "produced_on": oil.produced_on.isoformat(), "unit": oil.unit,
              "input_ids": [str(first.id), str(second.id)]},
    )  # fmt: skip
    assert response.status_code == 302, error_at(response.get_data(as_text=True), "input_ids")


def test_a_batch_is_not_its_own_input(as_member, db, coop_tq):
    batch = make_batch(make_product(coop_tq), "B-0")
    page = as_member.post(
        f"/trace/batches/{batch.id}/edit",
        data={"code": "B-0", "produced_on": HARVEST.isoformat(), "unit": "kg",
              "input_ids": str(batch.id)},
    ).get_data(as_text=True)  # fmt: skip
    assert error_at(page, "input_ids")


# --- status and recall --------------------------------------------------------------------------


def test_close_and_reopen(as_member, db, coop_tq):
    batch = make_batch(make_product(coop_tq))
    assert as_member.post(f"/trace/batches/{batch.id}/close").status_code == 302
    assert batches()[0].status == "closed"
    assert as_member.post(f"/trace/batches/{batch.id}/reopen").status_code == 302
    assert batches()[0].status == "open"


def test_recall_flow(as_member, db, coop_tq):
    batch = make_batch(make_product(coop_tq), notes="Lô đầu vụ")
    form = as_member.get(f"/trace/batches/{batch.id}/recall").get_data(as_text=True)
    assert f'value="{TODAY:%d/%m/%Y}"' in form  # today by default
    page = as_member.post(
        f"/trace/batches/{batch.id}/recall",
        data={"reason": "", "advice": "", "recalled_on": (TODAY + timedelta(days=1)).isoformat()},
    ).get_data(as_text=True)
    assert error_at(page, "reason") and error_at(page, "advice") and error_at(page, "recalled_on")
    assert batches()[0].status == "open"
    response = as_member.post(
        f"/trace/batches/{batch.id}/recall",
        data={
            "reason": "Aflatoxin vượt giới hạn",
            "advice": "Ngừng sử dụng, liên hệ HTX để được hoàn tiền",
            "recalled_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    (batch,) = batches()
    assert (batch.status, batch.recalled_on, batch.recall_reason) == (
        "recalled", TODAY, "Aflatoxin vượt giới hạn",
    )  # fmt: skip
    page = as_member.get(f"/trace/batches/{batch.id}").get_data(as_text=True)
    assert 'class="batch-recall-banner"' in page and "Ngừng sử dụng" in page
    assert f"/trace/batches/{batch.id}/recall" not in page
    # final: no reopening, no second recall, only the notes change
    assert as_member.post(f"/trace/batches/{batch.id}/reopen").status_code == 302
    assert as_member.post(f"/trace/batches/{batch.id}/close").status_code == 302
    assert batches()[0].status == "recalled"
    as_member.post(f"/trace/batches/{batch.id}/edit", data={"code": "X-1", "notes": "Đã thu hồi"})
    (batch,) = batches()
    assert (batch.code, batch.notes, batch.status) == ("LB-LAC-2026-07", "Đã thu hồi", "recalled")


def test_recall_service_changes_nothing_on_a_bad_call(db, coop_tq):
    batch = make_batch(make_product(coop_tq))
    with pytest.raises(ServiceError) as caught:
        recall_batch(batch, "Lý do", "", TODAY, None, TODAY)
    assert set(caught.value.errors) == {"advice"}
    with pytest.raises(ServiceError):
        recall_batch(batch, "Lý do", "Lời khuyên", TODAY + timedelta(days=1), None, TODAY)
    assert batches()[0].status == BatchStatus.OPEN and batches()[0].recall_reason == ""
    recall_batch(batch, " Lý do ", "Lời khuyên", TODAY, None, TODAY)
    with pytest.raises(ServiceError):
        recall_batch(batch, "Lần hai", "Lời khuyên", TODAY, None, TODAY)
    assert batches()[0].recall_reason == "Lý do"


# --- lists and the product page -----------------------------------------------------------------


def test_the_list_filters_searches_and_pages(as_member, db, coop_tq):
    product = make_product(coop_tq)
    other = make_product(coop_tq, name="Dầu lạc", sku="SKU-2")
    for n in range(22):
        make_batch(product, f"LB-{n:02d}")
    make_batch(other, "DAU-01")
    page = as_member.get("/trace/batches/").get_data(as_text=True)
    assert "23" in page and 'rel="next"' in page
    page = as_member.get("/trace/batches/?q=dau").get_data(as_text=True)
    assert "DAU-01" in page and "LB-01" not in page
    page = as_member.get(f"/trace/batches/?product={other.id}").get_data(as_text=True)
    assert "DAU-01" in page and "LB-01" not in page
    recall_batch(batches()[0], "Lý do", "Lời khuyên", TODAY, None, TODAY)
    page = as_member.get("/trace/batches/?status=recalled").get_data(as_text=True)
    assert "LB-00" in page and "LB-01" not in page
    assert as_member.get("/trace/batches/?status=nonsense&page=-3").status_code == 200


def test_the_product_page_lists_its_batches(as_member, db, coop_tq):
    product = make_product(coop_tq)
    batch = make_batch(product, "LB-LAC-2026-07")
    page = as_member.get(f"/products/{product.id}").get_data(as_text=True)
    assert f"/trace/batches/{batch.id}" in page
    assert f"/trace/batches/new?product={product.id}" in page


def test_a_new_batch_without_product_asks_which(as_member, db, coop_tq):
    make_product(coop_tq, name="Lạc đỏ")
    make_product(coop_tq, name="Dầu lạc", sku="SKU-2")
    page = as_member.get("/trace/batches/new").get_data(as_text=True)
    assert "Lạc đỏ" in page and "Dầu lạc" in page and 'name="product"' in page


def test_a_cooperative_with_one_product_skips_the_choice_and_counts_in_its_unit(
    as_member, db, coop_tq
):
    """Issue 18: the batch form asked for the product on a page of its own even when there
    was one, and counted a product sold in bags in kg."""
    product = make_product(coop_tq, name="Lạc đỏ", unit="túi")
    archived = make_product(coop_tq, name="Lạc cũ", sku="SKU-OLD")
    archived.status = "archived"
    db.session.commit()
    response = as_member.get("/trace/batches/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="product"' not in page
    assert 'name="code"' in page and "Lạc đỏ" in page
    assert '<option selected value="túi">' in page
    response = as_member.post("/trace/batches/new", data=dict(batch_form(), unit="túi"))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    (batch,) = batches()
    assert (batch.product_id, batch.unit) == (product.id, "túi")


def test_a_batch_recorded_from_a_plot_starts_on_that_plot(as_member, db, coop_tq):
    plot = make_plot(coop_tq)
    make_product(coop_tq, name="Lạc đỏ", unit="kg")
    page = as_member.get(f"/trace/batches/new?plot={plot.id}").get_data(as_text=True)
    assert f'<option selected value="{plot.id}">' in page
    assert '<option selected value="kg">' in page
    make_product(coop_tq, name="Dầu lạc", sku="SKU-2")  # two products: the choice keeps the plot
    chooser = as_member.get(f"/trace/batches/new?plot={plot.id}").get_data(as_text=True)
    assert f'<input type="hidden" name="plot" value="{plot.id}">' in chooser
