"""Plots and facilities: add, edit, archive; the commune follows the province without JS;
area typed the Vietnamese way; coordinates pasted as one pair, inside Vietnam."""

import pytest

from app.models import Role
from tests.support import factories
from tests.support.batches import VALID_PLOT, error_at, make_plot, plots
from tests.support.clients import sign_in


def test_member_adds_a_plot_of_their_cooperative(as_member, db, coop_tq):
    page = as_member.get(f"/trace/plots/new?cooperative={coop_tq.id}").get_data(as_text=True)
    assert '<option selected value="2266">' in page  # the cooperative's commune to begin with
    response = as_member.post(f"/trace/plots/new?cooperative={coop_tq.id}", data=VALID_PLOT)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    (plot,) = plots()
    assert (plot.cooperative_id, plot.name, plot.kind, plot.crop) == (
        coop_tq.id, "Nương Nà Va", "plot", "Lạc đỏ",
    )  # fmt: skip
    assert str(plot.area_ha.normalize()) == "2.5"
    assert plot.planting_area_code == "VN-TQ-0801-0012"
    assert (float(plot.latitude), float(plot.longitude)) == (22.4512, 105.2236)
    listing = as_member.get("/trace/plots/").get_data(as_text=True)
    assert "Nương Nà Va" in listing and "2,5 ha" in listing and "Xã Lâm Bình" in listing


def test_the_plot_kind_is_labelled_as_a_kind_of_place(as_member, db, coop_tq):
    """Issue 18: the plot kind was labelled "Loại chứng nhận" (the certificate's "Kind")."""
    page = as_member.get(f"/trace/plots/new?cooperative={coop_tq.id}").get_data(as_text=True)
    assert '<label for="kind">Loại địa điểm</label>' in page and "chứng nhận" not in page
    make_plot(coop_tq)
    listing = as_member.get("/trace/plots/").get_data(as_text=True)
    assert ">Loại địa điểm</th>" in listing and "chứng nhận" not in listing


def test_member_with_one_cooperative_goes_straight_to_its_form(as_member, db, coop_tq):
    response = as_member.get("/trace/plots/new")
    assert response.headers["Location"].endswith(f"/trace/plots/new?cooperative={coop_tq.id}")


def test_choosing_another_province_shows_its_communes_without_javascript(as_member, db, coop_tq):
    data = dict(VALID_PLOT, province_code="68", commune_code="2266", refresh="1")
    response = as_member.post(f"/trace/plots/new?cooperative={coop_tq.id}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and plots() == []
    assert 'value="25000"' in page  # Xã Di Linh, Lâm Đồng
    assert error_at(page, "commune_code") == ""  # a refresh is not a failed save


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("area_ha", "0"),
        ("area_ha", "hai"),
        ("area_ha", "-1"),
        ("planting_area_code", "VN TQ 0801"),
        ("planting_area_code", "mã-vùng"),
        ("planting_area_code", "X" * 41),
        ("name", ""),
        ("commune_code", "25000"),  # Di Linh is not in Tuyên Quang
        ("kind", "garden"),
    ],
)
def test_bad_plot_fields_are_explained_beside_them(as_member, db, coop_tq, field, typed):
    data = dict(VALID_PLOT, **{field: typed})
    response = as_member.post(f"/trace/plots/new?cooperative={coop_tq.id}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and plots() == []
    assert error_at(page, field), page
    if typed:
        assert f'value="{typed}"' in page or field in ("commune_code", "kind")


@pytest.mark.parametrize(
    "typed",
    [
        "22.45",  # one number
        "105.22, 22.45",  # swapped
        "22.45, 120.5",  # in the sea
        "7.9, 105",
        "bắc, 105",
        "https://maps.app.goo.gl/AbCd",  # a short link: open it first
    ],
)
def test_coordinates_are_a_pair_inside_vietnam(as_member, db, coop_tq, typed):
    data = dict(VALID_PLOT, coordinates=typed)
    page = as_member.post(f"/trace/plots/new?cooperative={coop_tq.id}", data=data).get_data(
        as_text=True
    )
    assert plots() == []
    assert error_at(page, "coordinates")
    assert f'value="{typed}"' in page  # what was pasted stays, to be corrected


@pytest.mark.parametrize(
    "pasted",
    [
        "22,4512; 105,2236",
        "22°27'04.3\"N 105°13'25\"E",
        "https://www.google.com/maps/place/N%C6%B0%C6%A1ng/@22.45,105.2,15z/data=!4m5!3m4!8m2!3d22.4512!4d105.2236",
    ],
)
def test_a_pair_pasted_from_a_map_app_is_one_field(as_member, db, coop_tq, pasted):
    """Issue 18: coordinates pasted from a map app as one pair were refused."""
    data = dict(VALID_PLOT, coordinates=pasted)
    response = as_member.post(f"/trace/plots/new?cooperative={coop_tq.id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    (plot,) = plots()
    assert abs(float(plot.latitude) - 22.4512) < 1e-4
    assert abs(float(plot.longitude) - 105.2236) < 1e-4
    edit = as_member.get(f"/trace/plots/{plot.id}/edit").get_data(as_text=True)
    assert f'value="{plot.latitude.normalize():f}, {plot.longitude.normalize():f}"' in edit


def test_the_location_button_is_there_for_javascript_only(as_member, db, coop_tq):
    page = as_member.get(f"/trace/plots/new?cooperative={coop_tq.id}").get_data(as_text=True)
    assert 'hidden data-locate="coordinates"' in page and "Dùng vị trí hiện tại" in page


def test_after_saving_a_plot_a_batch_can_be_recorded_there(as_member, db, coop_tq):
    """Issue 18: after saving a plot there was no "record a batch here"."""
    response = as_member.post(f"/trace/plots/new?cooperative={coop_tq.id}", data=VALID_PLOT)
    (plot,) = plots()
    assert response.headers["Location"].endswith(f"?cooperative={coop_tq.id}#plot-{plot.id}")
    listing = as_member.get(response.headers["Location"]).get_data(as_text=True)
    assert f'<tr id="plot-{plot.id}">' in listing
    assert f'href="/trace/batches/new?plot={plot.id}">Ghi lô hàng từ thửa này</a>' in listing


def test_comma_coordinates_and_none_at_all_are_accepted(as_member, db, coop_tq):
    data = dict(VALID_PLOT, coordinates="22,4512; 105,2236", area_ha="0,75")
    assert (
        as_member.post(f"/trace/plots/new?cooperative={coop_tq.id}", data=data).status_code == 302
    )
    data = dict(VALID_PLOT, name="Xưởng ép dầu", kind="facility", coordinates="",
                area_ha="", planting_area_code="")  # fmt: skip
    assert (
        as_member.post(f"/trace/plots/new?cooperative={coop_tq.id}", data=data).status_code == 302
    )
    first, second = plots()
    assert str(first.area_ha.normalize()) == "0.75" and float(first.latitude) == 22.4512
    assert (second.kind, second.area_ha, second.latitude) == ("facility", None, None)


def test_edit_and_archive_a_plot(as_member, db, coop_tq):
    plot = make_plot(coop_tq)
    page = as_member.get(f"/trace/plots/{plot.id}/edit").get_data(as_text=True)
    assert 'value="2,5"' in page
    data = dict(VALID_PLOT, name="Nương Nà Va 2", area_ha="3")
    assert as_member.post(f"/trace/plots/{plot.id}/edit", data=data).status_code == 302
    assert as_member.post(f"/trace/plots/{plot.id}/archive").status_code == 302
    (plot,) = plots()
    assert (plot.name, plot.area_ha, plot.archived) == ("Nương Nà Va 2", 3, True)
    edit_link = f"/trace/plots/{plot.id}/edit"
    assert edit_link not in as_member.get("/trace/plots/").get_data(as_text=True)
    assert edit_link in as_member.get("/trace/plots/?archived=1").get_data(as_text=True)
    assert as_member.post(f"/trace/plots/{plot.id}/unarchive").status_code == 302
    assert plots()[0].archived is False


@pytest.mark.parametrize("who", ["member_elsewhere", "officer_elsewhere"])
def test_another_cooperatives_plots_are_refused(client, db, coop_tq, coop_ld, who):
    plot = make_plot(coop_tq)
    if who == "member_elsewhere":
        user = factories.UserFactory(role=Role.MEMBER, cooperative=coop_ld)
    else:
        user = factories.OfficerFactory(areas__province_code=68)
    sign_in(client, user)
    for method, url in [
        ("GET", f"/trace/plots/{plot.id}/edit"),
        ("POST", f"/trace/plots/{plot.id}/edit"),
        ("POST", f"/trace/plots/{plot.id}/archive"),
        ("POST", f"/trace/plots/{plot.id}/unarchive"),
        ("GET", f"/trace/plots/new?cooperative={coop_tq.id}"),
        ("POST", f"/trace/plots/new?cooperative={coop_tq.id}"),
    ]:
        data = dict(VALID_PLOT, name="Đã bị sửa") if method == "POST" else None
        assert client.open(url, method=method, data=data).status_code == 403, url
    assert [p.name for p in plots()] == ["Nương Nà Va"] and not plots()[0].archived
    assert "Nương Nà Va" not in client.get("/trace/plots/").get_data(as_text=True)
    tampered = client.get(f"/trace/plots/?cooperative={coop_tq.id}").get_data(as_text=True)
    assert "Nương Nà Va" not in tampered


def test_an_officer_in_the_area_sees_and_edits_the_plots(as_officer, db, coop_tq):
    plot = make_plot(coop_tq)
    assert "Nương Nà Va" in as_officer.get("/trace/plots/").get_data(as_text=True)
    assert as_officer.get(f"/trace/plots/{plot.id}/edit").status_code == 200


def test_code_limits_are_shown_at_their_fields(as_member, db, coop_tq):
    """Issue 18: every length limit is shown at the field, codes read by a parser included."""
    page = as_member.get(f"/trace/plots/new?cooperative={coop_tq.id}").get_data(as_text=True)
    assert 'maxlength="40" name="planting_area_code"' in page and "Tối đa 40 ký tự." in page
    assert 'maxlength="120" name="name"' in page and "Tối đa 120 ký tự." in page
