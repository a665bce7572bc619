"""Issue 18, words a member understands: the batch page keeps the words meant for partners and
inspectors (EPCIS, the hash chain, Circular 02/2024) in a folded section of their own, and
the activity log names a field by what it is on that kind of row."""

import re

from sqlalchemy import text

from app.activity.display import field_label
from app.activity.kinds import BY_NAME
from tests.support.events import make_batch, record

PARTNER_WORDS = ("EPCIS", "băm", "SHA-256", "Thông tư 02", "JSON-LD")


def _split(page: str) -> tuple[str, str]:
    """The page outside the partners' section, and the section itself."""
    found = re.search(r'<details class="partner-details".*?</details>', page, re.S)
    assert found is not None
    return page[: found.start()] + page[found.end() :], found.group(0)


def test_the_batch_page_folds_the_partners_words_away(as_member, member, coop_tq):
    batch = make_batch(coop_tq)
    record(batch, member, notes="Gieo hạt")
    last = record(batch, member, kind="storage", notes="Kho mát")
    page = as_member.get(f"/trace/batches/{batch.id}").get_data(as_text=True)
    outside, section = _split(page)
    assert not [word for word in PARTNER_WORDS if word in outside]
    assert "Lịch sử nguyên vẹn: đã kiểm tra 2 sự kiện." in outside  # plain words stay
    assert "<summary>Dành cho đối tác và cơ quan kiểm tra</summary>" in section
    assert "<details " in page and " open" not in section.split(">", 1)[0]  # folded
    assert f'href="/trace/epcis/{batch.id}.jsonld"' in section
    assert f'href="/t/{batch.public_code}/record"' in section
    assert "Chuỗi băm (SHA-256)" in section and "Đã kiểm tra: 2 sự kiện" in section
    assert last.content_hash in section and len(last.content_hash) == 64


def test_the_partners_section_says_where_the_chain_broke(as_member, member, coop_tq, db):
    batch = make_batch(coop_tq)
    record(batch, member, notes="Gieo hạt")
    db.session.execute(  # changed outside Lên Sàn: the ORM refuses to
        text("UPDATE trace_events SET notes = 'Sửa ngoài' WHERE batch_id = :b"), {"b": batch.id}
    )
    db.session.commit()
    page = as_member.get(f"/trace/batches/{batch.id}").get_data(as_text=True)
    outside, section = _split(page)
    assert "Đứt tại sự kiện #1" in section and "băm" not in outside


def test_the_activity_log_names_a_kind_by_its_row(app):
    with app.test_request_context():
        assert field_label(BY_NAME["cooperative"], "kind") == "Loại hình"
        assert field_label(BY_NAME["certificate"], "kind") == "Loại chứng nhận"
        assert field_label(BY_NAME["label_run"], "template") == "Loại giấy tem"
        assert field_label(BY_NAME["product"], "unit") == "Đơn vị bán"
        assert field_label(BY_NAME["batch"], "unit") == "Đơn vị"
        assert field_label(None, "unknown_column") == "unknown_column"
