"""message senders and locations; messages.has_contact; outbox fail count and retry times

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:00:00

Written by hand. The new NOT NULL columns carry server defaults (false, 0), so existing rows get a
value on both backends: SQLite adds them through batch mode (a table copy), PostgreSQL in place.
message_senders holds personal data in plain text for now: issue 5 encrypts it.
"""

import sqlalchemy as sa
from alembic import op

import aigov.db.base

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('has_contact', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))

    op.create_table('message_senders',
    sa.Column('message_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'],
                            name=op.f('fk_message_senders_message_id_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('message_id', name=op.f('pk_message_senders'))
    )
    op.create_table('message_locations',
    sa.Column('message_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('long', sa.Float(), nullable=True),
    sa.Column('address', sa.String(length=1000), nullable=True),
    sa.Column('media_url', sa.String(length=2048), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'],
                            name=op.f('fk_message_locations_message_id_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('message_id', name=op.f('pk_message_locations'))
    )

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fail_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('failed_at', aigov.db.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', aigov.db.base.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_next_attempt_at'), ['next_attempt_at'], unique=False)
    # Failures before 0004 were counted in attempts only: carry them over (queued ones stay queued).
    op.execute("UPDATE outbox SET fail_count = CASE WHEN status = 'sent' THEN attempts - 1 ELSE attempts END "
               "WHERE attempts > 0")


def downgrade() -> None:
    # Failed messages still to be retried go back to queued, the state 0003 used for them.
    op.execute("UPDATE outbox SET status = 'queued' WHERE status = 'failed' AND next_attempt_at IS NOT NULL")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_next_attempt_at'))
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('failed_at')
        batch_op.drop_column('fail_count')

    op.drop_table('message_locations')
    op.drop_table('message_senders')

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('has_contact')
