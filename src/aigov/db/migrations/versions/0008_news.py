"""news articles, the countries and tags found in them, their cached translations

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 12:00:00

Written by hand.
"""

import sqlalchemy as sa
from alembic import op

import aigov.db.base

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('news_articles',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('url_key', sa.String(length=64), nullable=True),
    sa.Column('guid_key', sa.String(length=64), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('guid', sa.String(length=2000), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('title', sa.String(length=1000), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('published_at', aigov.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('imported_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('tone', sa.Float(), nullable=True),
    sa.Column('tone_sentences', sa.Integer(), nullable=False),
    sa.Column('people', sa.JSON(), nullable=False),
    sa.Column('analysis_version', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_articles')),
    sa.UniqueConstraint('url_key', name=op.f('uq_news_articles_url_key')),
    sa.UniqueConstraint('guid_key', name=op.f('uq_news_articles_guid_key'))
    )
    with op.batch_alter_table('news_articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_articles_language'), ['language'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_articles_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_articles_source'), ['source'], unique=False)

    op.create_table('news_article_countries',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=False),
    sa.Column('mentions', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['news_articles.id'],
                            name=op.f('fk_news_article_countries_article_id_news_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'country', name=op.f('pk_news_article_countries'))
    )
    with op.batch_alter_table('news_article_countries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_article_countries_country'), ['country'], unique=False)

    op.create_table('news_article_tags',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['news_articles.id'],
                            name=op.f('fk_news_article_tags_article_id_news_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'tag', name=op.f('pk_news_article_tags'))
    )
    with op.batch_alter_table('news_article_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_article_tags_tag'), ['tag'], unique=False)

    op.create_table('news_translations',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('backend', sa.String(length=40), nullable=False),
    sa.Column('created_at', aigov.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['news_articles.id'],
                            name=op.f('fk_news_translations_article_id_news_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'language', name=op.f('pk_news_translations'))
    )


def downgrade() -> None:
    op.drop_table('news_translations')
    with op.batch_alter_table('news_article_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_article_tags_tag'))
    op.drop_table('news_article_tags')
    with op.batch_alter_table('news_article_countries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_article_countries_country'))
    op.drop_table('news_article_countries')
    with op.batch_alter_table('news_articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_news_articles_source'))
        batch_op.drop_index(batch_op.f('ix_news_articles_published_at'))
        batch_op.drop_index(batch_op.f('ix_news_articles_language'))
    op.drop_table('news_articles')
