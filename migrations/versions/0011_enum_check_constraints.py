"""enum check constraints

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 08:10:00

The status and kind columns are typed as their enums (app/models, ``enum_type``): the
values stay the strings they always were, in the same VARCHAR columns, and a CHECK
constraint now refuses any other value (users.role had one already: ck_users_role_known).
The values are written out here, as they are today, so that a later change to an enum
needs a migration of its own.

Rows that hold a value outside its list stop the upgrade, with the table, the column and
the values found, before anything is changed: such a row would no longer load, so it is
for a person to decide what it should say. SQLite adds a constraint by rebuilding the
table (batch mode); migrations/env.py turns foreign key enforcement off while it runs, or
dropping the old table would cascade to the rows that refer to it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# table -> column -> the values its enum allows (nullable columns also allow NULL)
ALLOWED = {
    "certificates": {
        "kind": (
            "ocop",
            "vietgap",
            "globalgap",
            "organic",
            "food_safety",
            "food_safety_commitment",
            "other",
        ),
    },
    "cooperatives": {
        "kind": ("htx", "tho_hop_tac", "ho_kinh_doanh", "doanh_nghiep"),
        "status": ("active", "archived"),
    },
    "cooperative_changes": {
        "kind": ("applied", "requested", "confirmed", "rejected", "superseded"),
    },
    "label_runs": {
        "kind": ("batch", "serialized"),
        "link": ("short", "gs1"),
        "status": ("queued", "running", "done", "failed"),
    },
    "listings": {
        "status": ("draft", "ready", "exported", "live", "rejected"),
        "push_outcome": ("accepted", "conflict", "refused", "failed"),
    },
    "onboarding_steps": {
        "marketplace": ("voso", "postmart", "shopee", "tiktok", "lazada", "province"),
        "step": (
            "documents",
            "seller_account",
            "shop_approved",
            "payment_account",
            "training",
            "first_listing",
            "first_order",
        ),
        "status": ("todo", "in_progress", "done", "not_applicable"),
    },
    "support_visits": {
        "kind": ("visit", "training"),
    },
    "products": {
        "standard_kind": ("tcvn", "qcvn", "in_house"),
        "status": ("draft", "active", "archived"),
    },
    "plots": {
        "kind": ("plot", "facility"),
    },
    "batches": {
        "status": ("open", "closed", "recalled"),
    },
    "trace_events": {
        "kind": (
            "planting",
            "input",
            "harvest",
            "processing",
            "packing",
            "inspection",
            "storage",
            "shipping",
            "receiving",
            "sale",
            "other",
        ),
    },
}


def _condition(column: str, values: tuple[str, ...]) -> str:
    """``status IN ('open', 'closed')``: the SQL SQLAlchemy's Enum writes for the model."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def _unknown_values() -> list[str]:
    """``table.column: 'value', …`` for every column holding a value outside its list."""
    connection = op.get_bind()
    found = []
    for table, columns in ALLOWED.items():
        for column, values in columns.items():
            col = sa.column(column)
            stmt = (
                sa.select(col)
                .select_from(sa.table(table, col))
                .where(col.is_not(None), col.not_in(values))
                .distinct()
            )
            bad = sorted(connection.execute(stmt).scalars())
            if bad:
                found.append(f"{table}.{column}: {', '.join(repr(v) for v in bad)}")
    return found


def upgrade():
    unknown = _unknown_values()
    if unknown:
        raise RuntimeError(
            "Rows hold values outside their lists; correct them, then upgrade again:\n"
            + "\n".join(unknown)
        )
    for table, columns in ALLOWED.items():
        with op.batch_alter_table(table) as batch_op:
            for column, values in columns.items():
                batch_op.create_check_constraint(
                    op.f(f"ck_{table}_{column}"), _condition(column, values)
                )


def downgrade():
    for table, columns in reversed(ALLOWED.items()):
        with op.batch_alter_table(table) as batch_op:
            for column in columns:
                batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
