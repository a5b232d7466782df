"""diplomacy: CAMEO-coded events and their imports

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:00:00

Written by hand. The composite (source_country, target_country, month) and (target_country, month)
indexes serve monthly dyad and country queries on both SQLite and PostgreSQL.
"""

import sqlalchemy as sa
from alembic import op

import aigov.db.base

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('diplomacy_event_imports',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_format', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('started_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', aigov.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('stored', sa.Integer(), nullable=False),
    sa.Column('duplicates', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('unresolved', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diplomacy_event_imports'))
    )
    op.create_table('diplomacy_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('dedup_key', sa.String(length=32), nullable=False),
    sa.Column('source_format', sa.String(length=16), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=True),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('source_name', sa.String(length=255), nullable=False),
    sa.Column('source_country', sa.String(length=3), nullable=True),
    sa.Column('target_name', sa.String(length=255), nullable=False),
    sa.Column('target_country', sa.String(length=3), nullable=True),
    sa.Column('event_text', sa.String(length=255), nullable=True),
    sa.Column('cameo_code', sa.String(length=4), nullable=True),
    sa.Column('root_code', sa.String(length=2), nullable=True),
    sa.Column('quad_class', sa.SmallInteger(), nullable=True),
    sa.Column('goldstein', sa.Float(), nullable=True),
    sa.Column('location', sa.String(length=3), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['diplomacy_event_imports.id'],
                            name=op.f('fk_diplomacy_events_import_id_diplomacy_event_imports'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diplomacy_events')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_diplomacy_events_dedup_key'))
    )
    op.create_index('ix_diplomacy_events_dyad', 'diplomacy_events', ['source_country', 'target_country', 'month'])
    op.create_index('ix_diplomacy_events_target', 'diplomacy_events', ['target_country', 'month'])
    op.create_index('ix_diplomacy_events_month', 'diplomacy_events', ['month'])
    op.create_index(op.f('ix_diplomacy_events_import_id'), 'diplomacy_events', ['import_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_diplomacy_events_import_id'), table_name='diplomacy_events')
    op.drop_index('ix_diplomacy_events_month', table_name='diplomacy_events')
    op.drop_index('ix_diplomacy_events_target', table_name='diplomacy_events')
    op.drop_index('ix_diplomacy_events_dyad', table_name='diplomacy_events')
    op.drop_table('diplomacy_events')
    op.drop_table('diplomacy_event_imports')
