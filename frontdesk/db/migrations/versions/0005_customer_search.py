"""customer search index: trigram full-text over each customer's name, phones and locations

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _document(customer: str) -> str:
    """The text one customer is found by: name, phones, and every unit, plate and VIN."""
    return (
        f"SELECT c.id, c.name || ' ' || c.phone || ' ' || c.other_phones || ' ' || coalesce(("
        f"SELECT group_concat(l.label || ' ' || l.plate || ' ' || l.vin, ' ') FROM locations l "
        f"WHERE l.customer_id = c.id), '') FROM customers c WHERE c.id = {customer}"
    )


def _refresh(customer: str) -> str:
    return (f"DELETE FROM customer_search WHERE rowid = {customer}; "
            f"INSERT INTO customer_search(rowid, document) {_document(customer)};")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL searches the columns directly
    op.execute("CREATE VIRTUAL TABLE customer_search USING fts5(document, tokenize='trigram')")
    op.execute(f"CREATE TRIGGER customer_search_ai AFTER INSERT ON customers BEGIN {_refresh('new.id')} END")
    op.execute(
        "CREATE TRIGGER customer_search_au AFTER UPDATE OF name, phone, other_phones ON customers "
        f"BEGIN {_refresh('new.id')} END"
    )
    op.execute("CREATE TRIGGER customer_search_ad AFTER DELETE ON customers "
               "BEGIN DELETE FROM customer_search WHERE rowid = old.id; END")
    op.execute(f"CREATE TRIGGER location_search_ai AFTER INSERT ON locations BEGIN {_refresh('new.customer_id')} END")
    op.execute(
        "CREATE TRIGGER location_search_au AFTER UPDATE ON locations "
        f"BEGIN {_refresh('old.customer_id')} {_refresh('new.customer_id')} END"
    )
    op.execute(f"CREATE TRIGGER location_search_ad AFTER DELETE ON locations BEGIN {_refresh('old.customer_id')} END")
    op.execute(f"INSERT INTO customer_search(rowid, document) {_document('c.id').replace(' WHERE c.id = c.id', '')}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in ("customer_search_ai", "customer_search_au", "customer_search_ad", "location_search_ai",
                 "location_search_au", "location_search_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS customer_search")
