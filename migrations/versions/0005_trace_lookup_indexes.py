"""indexes for trace page lookups: superseded events, a plot's batches and events, the
batches a batch went into

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 10:15:00

"Is this event superseded?" is asked for every event a trace page shows, and the
pre-harvest-interval check reads a plot's batches and events: without these indexes each
is a scan of the whole table; so is "did this batch go into another?" (the primary key of
batch_inputs starts with the other column).
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("trace_events") as batch_op:
        batch_op.create_index("ix_trace_events_supersedes_id", ["supersedes_id"])
        batch_op.create_index("ix_trace_events_plot_id", ["plot_id"])
    with op.batch_alter_table("batches") as batch_op:
        batch_op.create_index("ix_batches_plot_id", ["plot_id"])
    with op.batch_alter_table("batch_inputs") as batch_op:
        batch_op.create_index("ix_batch_inputs_input_batch_id", ["input_batch_id"])


def downgrade():
    with op.batch_alter_table("batch_inputs") as batch_op:
        batch_op.drop_index("ix_batch_inputs_input_batch_id")
    with op.batch_alter_table("batches") as batch_op:
        batch_op.drop_index("ix_batches_plot_id")
    with op.batch_alter_table("trace_events") as batch_op:
        batch_op.drop_index("ix_trace_events_plot_id")
        batch_op.drop_index("ix_trace_events_supersedes_id")
