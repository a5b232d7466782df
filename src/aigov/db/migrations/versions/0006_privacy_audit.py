"""tamper-evident audit log; personal data encrypted at rest (raw text, senders); consent; access exports

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00

Written by hand. Existing raw texts and sender details are encrypted with the configured key (or the key
file under the data dir, created now) and their plaintext columns dropped: messages.text with a plain
ALTER TABLE ... DROP COLUMN (on SQLite too: rebuilding `messages` would cascade-delete its children),
message_senders rebuilt (a leaf table). SQLite's secure_delete zeroes the freed pages; run VACUUM after
upgrading an existing SQLite database to rewrite the file (see docs/privacy.md). Downgrade decrypts.
"""

import json

import sqlalchemy as sa
from alembic import op

import aigov.db.base

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

UTC_DT = aigov.db.base.UTCDateTime(timezone=True)
messages = sa.table('messages', sa.column('id', sa.Integer()), sa.column('text', sa.Text()),
                    sa.column('channel', sa.String()), sa.column('received_at', UTC_DT))
raw_texts = sa.table('message_raw_texts', sa.column('message_id', sa.Integer()), sa.column('key_id', sa.String()),
                     sa.column('nonce', sa.LargeBinary()), sa.column('ciphertext', sa.LargeBinary()))
consents = sa.table('message_consents', sa.column('message_id', sa.Integer()),
                    sa.column('lawful_basis', sa.String()), sa.column('source', sa.String()),
                    sa.column('purposes', sa.JSON()), sa.column('consented_purposes', sa.JSON()),
                    sa.column('data', sa.JSON()), sa.column('third_party_transfer', sa.Boolean()),
                    sa.column('given_at', UTC_DT), sa.column('valid_until', UTC_DT))
senders = sa.table('message_senders', sa.column('message_id', sa.Integer()), sa.column('name', sa.String()),
                   sa.column('phone', sa.String()), sa.column('email', sa.String()),
                   sa.column('address', sa.String()), sa.column('key_id', sa.String()),
                   sa.column('nonce', sa.LargeBinary()), sa.column('ciphertext', sa.LargeBinary()))
BATCH = 500


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        op.execute('PRAGMA secure_delete = ON')  # freed pages are zeroed, not left holding plaintext
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', UTC_DT, nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('subject_type', sa.String(length=32), nullable=False),
    sa.Column('subject_id', sa.String(length=128), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('leaf_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_action'), 'audit_log', ['action'], unique=False)
    op.create_index(op.f('ix_audit_log_subject_id'), 'audit_log', ['subject_id'], unique=False)
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('audit_tree_heads',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('tree_size', sa.Integer(), nullable=False),
    sa.Column('root_hash', sa.String(length=64), nullable=False),
    sa.Column('signed_at', UTC_DT, nullable=False),
    sa.Column('key_id', sa.String(length=32), nullable=False),
    sa.Column('signature', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_tree_heads'))
    )
    op.create_index(op.f('ix_audit_tree_heads_tree_size'), 'audit_tree_heads', ['tree_size'], unique=False)
    op.create_table('message_raw_texts',
    sa.Column('message_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('nonce', sa.LargeBinary(), nullable=False),
    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'],
                            name=op.f('fk_message_raw_texts_message_id_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('message_id', name=op.f('pk_message_raw_texts'))
    )
    op.create_index(op.f('ix_message_raw_texts_key_id'), 'message_raw_texts', ['key_id'], unique=False)
    op.create_table('message_consents',
    sa.Column('message_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('lawful_basis', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('purposes', sa.JSON(), nullable=False),
    sa.Column('consented_purposes', sa.JSON(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('third_party_transfer', sa.Boolean(), nullable=False),
    sa.Column('given_at', UTC_DT, nullable=False),
    sa.Column('valid_until', UTC_DT, nullable=True),
    sa.Column('revoked_at', UTC_DT, nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'],
                            name=op.f('fk_message_consents_message_id_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('message_id', name=op.f('pk_message_consents'))
    )
    op.create_index(op.f('ix_message_consents_valid_until'), 'message_consents', ['valid_until'], unique=False)
    op.create_table('privacy_exports',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('path', sa.String(length=1000), nullable=False),
    sa.Column('message_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', UTC_DT, nullable=False),
    sa.Column('deleted_at', UTC_DT, nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_exports'))
    )
    op.create_index(op.f('ix_privacy_exports_created_at'), 'privacy_exports', ['created_at'], unique=False)

    with op.batch_alter_table('message_senders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_id', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('nonce', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('ciphertext', sa.LargeBinary(), nullable=True))
    _encrypt_existing(bind)
    with op.batch_alter_table('message_senders', schema=None, recreate='always' if bind.dialect.name == 'sqlite'
                              else 'auto') as batch_op:
        for column in ('name', 'phone', 'email', 'address'):
            batch_op.drop_column(column)
        for column, kind in (('key_id', sa.String(length=16)), ('nonce', sa.LargeBinary()),
                             ('ciphertext', sa.LargeBinary())):
            batch_op.alter_column(column, existing_type=kind, nullable=False)
        batch_op.create_index(batch_op.f('ix_message_senders_key_id'), ['key_id'], unique=False)
    op.drop_column('messages', 'text')  # SQLite >= 3.35 drops it in place (no rebuild, no cascade)


def _encrypt_existing(bind) -> None:  # type: ignore[no-untyped-def]
    from aigov.privacy import crypto
    from aigov.privacy.policy import consent_policy
    from aigov.privacy.service import raw_aad, sender_aad

    ring, policy, last = crypto.keyring(), consent_policy(), 0
    while True:
        rows = bind.execute(sa.select(messages.c.id, messages.c.text, messages.c.channel, messages.c.received_at)
                            .where(messages.c.id > last).order_by(messages.c.id).limit(BATCH)).all()
        if not rows:
            break
        raw, consent = [], []
        for message_id, text, channel, received_at in rows:
            sealed = crypto.seal((text or '').encode('utf-8'), raw_aad(message_id), ring)
            raw.append({'message_id': message_id, 'key_id': sealed.key_id, 'nonce': sealed.nonce,
                        'ciphertext': sealed.ciphertext})
            default = policy.for_channel(channel)
            consent.append({'message_id': message_id, 'lawful_basis': default.lawful_basis, 'source': 'channel',
                            'purposes': list(default.purposes), 'consented_purposes': [],
                            'data': list(default.data), 'third_party_transfer': default.third_party_transfer,
                            'given_at': received_at,
                            'valid_until': received_at + default.validity if default.validity else None})
        bind.execute(raw_texts.insert(), raw)
        bind.execute(consents.insert(), consent)
        last = rows[-1][0]
    for message_id, name, phone, email, address in bind.execute(sa.select(
            senders.c.message_id, senders.c.name, senders.c.phone, senders.c.email, senders.c.address)).all():
        plain = json.dumps({'name': name, 'phone': phone, 'email': email, 'address': address}, ensure_ascii=False)
        sealed = crypto.seal(plain.encode('utf-8'), sender_aad(message_id), ring)
        bind.execute(senders.update().where(senders.c.message_id == message_id).values(
            key_id=sealed.key_id, nonce=sealed.nonce, ciphertext=sealed.ciphertext))


def downgrade() -> None:
    from aigov.privacy import crypto
    from aigov.privacy.service import raw_aad, sender_aad

    bind = op.get_bind()
    ring = crypto.keyring()
    op.add_column('messages', sa.Column('text', sa.Text(), nullable=False, server_default=''))
    for message_id, key_id, nonce, ciphertext in bind.execute(sa.select(
            raw_texts.c.message_id, raw_texts.c.key_id, raw_texts.c.nonce, raw_texts.c.ciphertext)).all():
        text = crypto.unseal(key_id, nonce, ciphertext, raw_aad(message_id), ring).decode('utf-8')
        bind.execute(messages.update().where(messages.c.id == message_id).values(text=text))
    with op.batch_alter_table('message_senders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('address', sa.String(length=500), nullable=True))
    for message_id, key_id, nonce, ciphertext in bind.execute(sa.select(
            senders.c.message_id, senders.c.key_id, senders.c.nonce, senders.c.ciphertext)).all():
        values = json.loads(crypto.unseal(key_id, nonce, ciphertext, sender_aad(message_id), ring))
        bind.execute(senders.update().where(senders.c.message_id == message_id).values(**values))
    with op.batch_alter_table('message_senders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_senders_key_id'))
        batch_op.drop_column('ciphertext')
        batch_op.drop_column('nonce')
        batch_op.drop_column('key_id')
    op.drop_index(op.f('ix_privacy_exports_created_at'), table_name='privacy_exports')
    op.drop_table('privacy_exports')
    op.drop_index(op.f('ix_message_consents_valid_until'), table_name='message_consents')
    op.drop_table('message_consents')
    op.drop_index(op.f('ix_message_raw_texts_key_id'), table_name='message_raw_texts')
    op.drop_table('message_raw_texts')
    op.drop_index(op.f('ix_audit_tree_heads_tree_size'), table_name='audit_tree_heads')
    op.drop_table('audit_tree_heads')
    op.drop_table('audit_head')
    op.drop_index(op.f('ix_audit_log_subject_id'), table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_action'), table_name='audit_log')
    op.drop_table('audit_log')
