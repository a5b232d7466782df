"""assistant conversations, handoffs to cases, imported knowledge-base entries

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 10:00:00

Written by hand.
"""

import sqlalchemy as sa
from alembic import op

import aigov.db.base

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assistant_conversations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('token', sa.String(length=96), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.Column('last_entry_id', sa.String(length=128), nullable=True),
    sa.Column('last_question', sa.Text(), nullable=True),
    sa.Column('pending', sa.String(length=16), nullable=True),
    sa.Column('pending_text', sa.Text(), nullable=True),
    sa.Column('turns', sa.JSON(), nullable=False),
    sa.Column('turn_count', sa.Integer(), nullable=False),
    sa.Column('created_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assistant_conversations')),
    sa.UniqueConstraint('token', name=op.f('uq_assistant_conversations_token'))
    )
    op.create_index(op.f('ix_assistant_conversations_updated_at'), 'assistant_conversations', ['updated_at'])
    op.create_table('assistant_handoffs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('consent_text', sa.Text(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=True),
    sa.Column('created_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['assistant_conversations.id'],
                            name=op.f('fk_assistant_handoffs_conversation_id_assistant_conversations'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'],
                            name=op.f('fk_assistant_handoffs_message_id_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assistant_handoffs'))
    )
    op.create_index(op.f('ix_assistant_handoffs_conversation_id'), 'assistant_handoffs', ['conversation_id'])
    op.create_index(op.f('ix_assistant_handoffs_message_id'), 'assistant_handoffs', ['message_id'])
    op.create_table('assistant_kb_entries',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('origin', sa.String(length=255), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('imported_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assistant_kb_entries'))
    )
    op.create_index(op.f('ix_assistant_kb_entries_imported_at'), 'assistant_kb_entries', ['imported_at'])


def downgrade() -> None:
    op.drop_table('assistant_kb_entries')
    op.drop_table('assistant_handoffs')
    op.drop_table('assistant_conversations')
