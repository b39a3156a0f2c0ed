"""callback by grade: how the customer was called back, and for whom it was recorded

A minor complaint is called back by the clerk who received it, by phone or WeChat; a major
one by the area manager, face to face (rule book part 2, 四(2)).  ``verification_channel``
keeps how it was done; ``verification_for`` the name of the person whose callback it was
when someone else recorded it on their behalf (empty when they recorded it themselves).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dispositions") as batch:
        batch.add_column(sa.Column("verification_channel", sa.String(10), nullable=False, server_default=""))
        batch.add_column(sa.Column("verification_for", sa.String(50), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("dispositions") as batch:
        batch.drop_column("verification_for")
        batch.drop_column("verification_channel")
