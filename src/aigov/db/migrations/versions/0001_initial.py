"""initial schema: messages, agencies, topics, regions

Revision ID: 0001
Revises: none
Create Date: 2026-11-26 15:44:15.174428
"""

import sqlalchemy as sa
from alembic import op

import aigov.db.base

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agencies',
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_agencies'))
    )
    op.create_table('economic_regions',
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_economic_regions'))
    )
    op.create_table('pipeline_versions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('first_used_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pipeline_versions'))
    )
    op.create_table('districts',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('region_code', sa.String(length=48), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['economic_regions.code'], name=op.f('fk_districts_region_code_economic_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_districts'))
    )
    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_districts_region_code'), ['region_code'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('external_id', sa.String(length=128), nullable=False),
    sa.Column('received_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('redacted_text', sa.Text(), nullable=False),
    sa.Column('script', sa.String(length=10), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('language_confidence', sa.Float(), nullable=True),
    sa.Column('sentiment', sa.String(length=16), nullable=True),
    sa.Column('sentiment_score', sa.Float(), nullable=True),
    sa.Column('topic', sa.String(length=48), nullable=True),
    sa.Column('topic_confidence', sa.Float(), nullable=True),
    sa.Column('agency', sa.String(length=48), nullable=True),
    sa.Column('urgency', sa.String(length=16), nullable=True),
    sa.Column('urgency_reasons', sa.JSON(), nullable=False),
    sa.Column('region', sa.String(length=48), nullable=True),
    sa.Column('district', sa.String(length=64), nullable=True),
    sa.Column('region_source', sa.String(length=16), nullable=True),
    sa.Column('entities', sa.JSON(), nullable=False),
    sa.Column('explanations', sa.JSON(), nullable=False),
    sa.Column('analysis_version', sa.String(length=32), nullable=True),
    sa.Column('analysed_at', aigov.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['analysis_version'], ['pipeline_versions.id'], name=op.f('fk_messages_analysis_version_pipeline_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages')),
    sa.UniqueConstraint('channel', 'external_id', name=op.f('uq_messages_channel_external_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_messages_reference'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_agency'), ['agency'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_language'), ['language'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_sentiment'), ['sentiment'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_topic'), ['topic'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_urgency'), ['urgency'], unique=False)

    op.create_table('topics',
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('agency_code', sa.String(length=48), nullable=True),
    sa.ForeignKeyConstraint(['agency_code'], ['agencies.code'], name=op.f('fk_topics_agency_code_agencies'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_topics'))
    )


def downgrade() -> None:
    op.drop_table('topics')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_messages_urgency'))
        batch_op.drop_index(batch_op.f('ix_messages_topic'))
        batch_op.drop_index(batch_op.f('ix_messages_sentiment'))
        batch_op.drop_index(batch_op.f('ix_messages_region'))
        batch_op.drop_index(batch_op.f('ix_messages_received_at'))
        batch_op.drop_index(batch_op.f('ix_messages_language'))
        batch_op.drop_index(batch_op.f('ix_messages_agency'))

    op.drop_table('messages')
    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_districts_region_code'))

    op.drop_table('districts')
    op.drop_table('pipeline_versions')
    op.drop_table('economic_regions')
    op.drop_table('agencies')
