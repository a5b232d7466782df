"""outbox; the public answer on cases

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 10:00:00

Written by hand; the new case columns are nullable, so SQLite's batch mode copies the table without
needing defaults, and PostgreSQL adds them in place.
"""

import sqlalchemy as sa
from alembic import op

import aigov.db.base

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_answer', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('public_answer_at', aigov.db.base.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('public_answer_by', sa.String(length=64), nullable=True))

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('recipient', sa.String(length=128), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', aigov.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_outbox_case_id_cases'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_outbox_message_id_messages'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_case_id'))
    op.drop_table('outbox')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('public_answer_by')
        batch_op.drop_column('public_answer_at')
        batch_op.drop_column('public_answer')
