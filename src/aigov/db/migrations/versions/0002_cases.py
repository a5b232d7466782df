"""cases, case events, routing corrections; messages.case_id

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:00:00

Written by hand; SQLite gets the new column and its foreign key through batch mode (a table copy).
"""

import sqlalchemy as sa
from alembic import op

import aigov.db.base

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cases',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('agency', sa.String(length=48), nullable=True),
    sa.Column('topic', sa.String(length=48), nullable=True),
    sa.Column('region', sa.String(length=48), nullable=True),
    sa.Column('district', sa.String(length=64), nullable=True),
    sa.Column('urgency', sa.String(length=16), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('extra_checking', sa.Boolean(), nullable=False),
    sa.Column('registered_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('due_at', aigov.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('extended', sa.Boolean(), nullable=False),
    sa.Column('extension_count', sa.Integer(), nullable=False),
    sa.Column('assigned_to', sa.String(length=64), nullable=True),
    sa.Column('resolution_reason', sa.Text(), nullable=True),
    sa.Column('answered_at', aigov.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('reference', name=op.f('uq_cases_reference'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_agency'), ['agency'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_due_at'), ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_topic'), ['topic'], unique=False)

    op.create_table('case_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_events_case_id_cases'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events'))
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_events_case_id'), ['case_id'], unique=False)

    op.create_table('routing_corrections',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('redacted_text', sa.Text(), nullable=False),
    sa.Column('old_topic', sa.String(length=48), nullable=True),
    sa.Column('old_agency', sa.String(length=48), nullable=True),
    sa.Column('new_topic', sa.String(length=48), nullable=True),
    sa.Column('new_agency', sa.String(length=48), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_routing_corrections_case_id_cases'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_corrections'))
    )
    with op.batch_alter_table('routing_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routing_corrections_case_id'), ['case_id'], unique=False)

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_messages_case_id'), ['case_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_messages_case_id_cases'), 'cases', ['case_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_messages_case_id_cases'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_messages_case_id'))
        batch_op.drop_column('case_id')

    with op.batch_alter_table('routing_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routing_corrections_case_id'))
    op.drop_table('routing_corrections')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_events_case_id'))
    op.drop_table('case_events')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_topic'))
        batch_op.drop_index(batch_op.f('ix_cases_status'))
        batch_op.drop_index(batch_op.f('ix_cases_region'))
        batch_op.drop_index(batch_op.f('ix_cases_due_at'))
        batch_op.drop_index(batch_op.f('ix_cases_agency'))
    op.drop_table('cases')
