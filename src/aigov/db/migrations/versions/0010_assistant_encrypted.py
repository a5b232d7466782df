"""assistant conversations encrypted at rest; Open311 requests consented for publication

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:00:00

Written by hand. What the citizen wrote or told the assistant (profile, last question, the text offered
for a case, recent turns) moves into one AES-GCM ciphertext per conversation, under the configured key
(or the key file under the data dir, created now); the plaintext columns are dropped in place (no table
rebuild: rebuilding assistant_conversations would let SQLite's foreign keys unlink its handoffs).
SQLite's secure_delete zeroes freed pages; run VACUUM after upgrading an existing SQLite database.

Messages received through Open311 before this version keep the channel's consent defaults; those
defaults now include the purpose `publication` (the spec lists requests publicly), so their consent
records get it, and `GET /open311/v2/requests` keeps listing them. Downgrade decrypts the conversations
and leaves the consent records as they are.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

PRIVATE = ('profile', 'last_question', 'pending_text', 'turns')
conversations = sa.table('assistant_conversations', sa.column('id', sa.Integer()),
                         sa.column('token', sa.String()), sa.column('profile', sa.JSON()),
                         sa.column('last_question', sa.Text()), sa.column('pending_text', sa.Text()),
                         sa.column('turns', sa.JSON()), sa.column('key_id', sa.String()),
                         sa.column('nonce', sa.LargeBinary()), sa.column('ciphertext', sa.LargeBinary()))
messages = sa.table('messages', sa.column('id', sa.Integer()), sa.column('channel', sa.String()))
consents = sa.table('message_consents', sa.column('message_id', sa.Integer()), sa.column('source', sa.String()),
                    sa.column('purposes', sa.JSON()))


def _aad(token: str) -> bytes:
    return f'aigov:assistant_conversations:{token}'.encode()


def upgrade() -> None:
    from aigov.privacy import crypto
    from aigov.privacy.policy import consent_policy

    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        op.execute('PRAGMA secure_delete = ON')
    op.add_column('assistant_conversations', sa.Column('key_id', sa.String(length=16), nullable=True))
    op.add_column('assistant_conversations', sa.Column('nonce', sa.LargeBinary(), nullable=True))
    op.add_column('assistant_conversations', sa.Column('ciphertext', sa.LargeBinary(), nullable=True))
    op.create_index(op.f('ix_assistant_conversations_key_id'), 'assistant_conversations', ['key_id'])
    rows = bind.execute(sa.select(conversations.c.id, conversations.c.token,
                                  *(conversations.c[name] for name in PRIVATE))).all()
    ring = crypto.keyring() if rows else None
    for row in rows:
        data = {'profile': row.profile or {}, 'last_question': row.last_question,
                'pending_text': row.pending_text, 'turns': row.turns or []}
        plain = json.dumps(data, ensure_ascii=False, separators=(',', ':')).encode('utf-8')
        sealed = crypto.seal(plain, _aad(row.token), ring)
        bind.execute(conversations.update().where(conversations.c.id == row.id).values(
            key_id=sealed.key_id, nonce=sealed.nonce, ciphertext=sealed.ciphertext))
    for name in PRIVATE:
        op.drop_column('assistant_conversations', name)  # SQLite >= 3.35 drops it in place

    purposes = list(consent_policy().for_channel('open311').purposes)
    if 'publication' in purposes:
        open311 = sa.select(messages.c.id).where(messages.c.channel == 'open311')
        bind.execute(consents.update().where(consents.c.source == 'channel',
                                             consents.c.message_id.in_(open311)).values(purposes=purposes))


def downgrade() -> None:
    from aigov.privacy import crypto

    bind = op.get_bind()
    op.add_column('assistant_conversations', sa.Column('profile', sa.JSON(), nullable=True))
    op.add_column('assistant_conversations', sa.Column('last_question', sa.Text(), nullable=True))
    op.add_column('assistant_conversations', sa.Column('pending_text', sa.Text(), nullable=True))
    op.add_column('assistant_conversations', sa.Column('turns', sa.JSON(), nullable=True))
    rows = bind.execute(sa.select(conversations.c.id, conversations.c.token, conversations.c.key_id,
                                  conversations.c.nonce, conversations.c.ciphertext)).all()
    ring = crypto.keyring() if rows else None
    for row in rows:
        data = {'profile': {}, 'last_question': None, 'pending_text': None, 'turns': []}
        if row.ciphertext is not None:
            data.update(json.loads(crypto.unseal(row.key_id, row.nonce, row.ciphertext, _aad(row.token), ring)))
        bind.execute(conversations.update().where(conversations.c.id == row.id).values(**data))
    # 0009 made profile and turns NOT NULL; they stay nullable here (altering would rebuild the table on SQLite)
    op.drop_index(op.f('ix_assistant_conversations_key_id'), table_name='assistant_conversations')
    for name in ('ciphertext', 'nonce', 'key_id'):
        op.drop_column('assistant_conversations', name)
