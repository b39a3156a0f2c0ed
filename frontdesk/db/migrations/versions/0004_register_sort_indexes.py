"""register sort indexes: each sortable column with the time received, so sorting needs no temp b-tree

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 11:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_complaints_complainant_received": ["complainant", "received_at"],
    "ix_complaints_channel_received": ["channel", "received_at"],
    "ix_complaints_location_received": ["location_text", "received_at"],
    "ix_complaints_phone_received": ["phone", "received_at"],
}


def upgrade() -> None:
    op.drop_index("ix_complaints_phone", table_name="complaints")
    for name, columns in _INDEXES.items():
        op.create_index(name, "complaints", columns)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="complaints")
    op.create_index("ix_complaints_phone", "complaints", ["phone"])
