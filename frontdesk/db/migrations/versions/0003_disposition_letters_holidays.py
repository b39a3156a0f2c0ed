"""disposition letters holidays

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:13:40.760419
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('holidays',
    sa.Column('day', sa.DateTime(), nullable=False),
    sa.Column('is_workday', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('dispositions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('dispatcher_id', sa.Integer(), nullable=True),
    sa.Column('dispatched_at', sa.DateTime(), nullable=True),
    sa.Column('handling_limit_minutes', sa.Integer(), nullable=True),
    sa.Column('dispatch_note', sa.Text(), nullable=False),
    sa.Column('method_text', sa.Text(), nullable=False),
    sa.Column('method_by', sa.Integer(), nullable=True),
    sa.Column('method_at', sa.DateTime(), nullable=True),
    sa.Column('head_by', sa.Integer(), nullable=True),
    sa.Column('head_at', sa.DateTime(), nullable=True),
    sa.Column('on_the_spot', sa.Boolean(), nullable=False),
    sa.Column('result_text', sa.Text(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('result_by', sa.Integer(), nullable=True),
    sa.Column('result_at', sa.DateTime(), nullable=True),
    sa.Column('verification_text', sa.Text(), nullable=False),
    sa.Column('verifier_name', sa.String(length=50), nullable=False),
    sa.Column('verification_passed', sa.Boolean(), nullable=True),
    sa.Column('verified_by', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('supervisor_opinion', sa.Text(), nullable=False),
    sa.Column('supervisor_by', sa.Integer(), nullable=True),
    sa.Column('supervisor_at', sa.DateTime(), nullable=True),
    sa.Column('archived_by', sa.Integer(), nullable=True),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['archived_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], ),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], ),
    sa.ForeignKeyConstraint(['dispatcher_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['head_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['method_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['result_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['supervisor_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['verified_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('complaint_id')
    )
    with op.batch_alter_table('dispositions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispositions_department_id'), ['department_id'], unique=False)

    op.create_table('letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=True),
    sa.Column('from_department_id', sa.Integer(), nullable=False),
    sa.Column('handler_id', sa.Integer(), nullable=False),
    sa.Column('issuer_name', sa.String(length=50), nullable=False),
    sa.Column('to_department_id', sa.Integer(), nullable=False),
    sa.Column('copies', sa.String(length=200), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('requirement', sa.Text(), nullable=False),
    sa.Column('reply_due', sa.DateTime(), nullable=False),
    sa.Column('received_by', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=True),
    sa.Column('reply_text', sa.Text(), nullable=False),
    sa.Column('replied_by', sa.Integer(), nullable=True),
    sa.Column('replied_at', sa.DateTime(), nullable=True),
    sa.Column('leader_opinion', sa.Text(), nullable=False),
    sa.Column('leader_by', sa.Integer(), nullable=True),
    sa.Column('leader_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], ),
    sa.ForeignKeyConstraint(['from_department_id'], ['departments.id'], ),
    sa.ForeignKeyConstraint(['handler_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['leader_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['received_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['replied_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['to_department_id'], ['departments.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letters_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_to_department_id'), ['to_department_id'], unique=False)

    # a plain ADD COLUMN: rebuilding the users table would trip the foreign keys pointing at it
    op.add_column("users", sa.Column("is_head", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("is_head")
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letters_to_department_id'))
        batch_op.drop_index(batch_op.f('ix_letters_status'))
        batch_op.drop_index(batch_op.f('ix_letters_complaint_id'))

    op.drop_table('letters')
    with op.batch_alter_table('dispositions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dispositions_department_id'))

    op.drop_table('dispositions')
    op.drop_table('holidays')
