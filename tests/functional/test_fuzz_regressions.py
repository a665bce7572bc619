"""What the fuzzer found, each reproduced through the real form: a 500 before its fix."""

from app.paging import MAX_ID
from tests.support.batches import VALID_PLOT, batches, peanut_and_oil, plots, post_batch
from tests.support.certificates import VIETGAP, certs, edit_url, make_cert, post_new

HUGE = [str(MAX_ID + 1), str(2**63), str(10**30)]


def test_a_batch_input_id_past_32_bits_is_a_tampered_choice_not_a_500(as_member, coop_tq):
    """``input_ids=9223372036854775808`` reached ``Batch.id IN (…)``: an overflow, 500. Such a
    number is no batch's id; like any tampered choice it counts as none."""
    first, _, pressed = peanut_and_oil(coop_tq)
    for i, number in enumerate(HUGE):
        response = post_batch(as_member, pressed.product, code=f"X-{i}", input_ids=[number])
        assert response.status_code == 302, number
    made = batches()[3:]
    assert [b.code for b in made] == ["X-0", "X-1", "X-2"] and not any(b.inputs for b in made)


def test_variant_and_plot_choices_past_32_bits_answer_no_500(as_member, coop_tq):
    first, _, _ = peanut_and_oil(coop_tq)
    for i, number in enumerate(HUGE):
        for field in ("variant_id", "plot_id"):
            code = f"Y-{i}-{field}"
            response = post_batch(as_member, first.product, code=code, **{field: number})
            assert response.status_code == 302, (field, number)
    assert all(b.variant_id is None and b.plot_id is None for b in batches())


def test_a_plot_coordinate_of_1e309_is_refused_with_the_form(as_member, coop_tq):
    """``round(Decimal("1e309"), 6)`` raised InvalidOperation: 500."""
    for number in ("1e309", str(10**30), "-1E+400"):
        form = dict(VALID_PLOT, coordinates=f"{number}, 105", name=f"Nương {number[:4]}")
        response = as_member.post("/trace/plots/new?cooperative=" + str(coop_tq.id), data=form)
        assert response.status_code == 200, number
        assert "vĩ độ rồi kinh độ" in response.get_data(as_text=True)
    assert plots() == []


def test_an_unknown_certificate_kind_is_never_looked_up(as_member, coop_tq):
    """A kind holding NUL reached the duplicate check's query; PostgreSQL refuses NUL: 500."""
    cert = make_cert(coop_tq)
    for kind in ("a\x00b", "x" * 10_240):
        data = dict(VIETGAP, kind=kind)
        response = as_member.post(edit_url(coop_tq, cert), data=data)
        assert response.status_code == 200, kind
        response = post_new(as_member, coop_tq, data)
        assert response.status_code == 200, kind
    assert len(certs(None, coop_tq)) == 1
