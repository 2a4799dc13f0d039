"""commerce core

Revision ID: a90d77643621
Revises: 
Create Date: 2026-11-23 00:43:05.240333
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
import restock.kit.time

revision: str = 'a90d77643621'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('api_key',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('token', sa.String(), nullable=False),
    sa.Column('redacted', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.String(), nullable=False),
    sa.Column('revoked_by', sa.String(), nullable=True),
    sa.Column('revoked_at', restock.kit.time.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', restock.kit.time.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_key')),
    sa.UniqueConstraint('token', name=op.f('uq_api_key_token'))
    )
    op.create_table('customer',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(), nullable=False),
    sa.Column('first_name', sa.String(), nullable=True),
    sa.Column('last_name', sa.String(), nullable=True),
    sa.Column('company_name', sa.String(), nullable=True),
    sa.Column('phone', sa.String(), nullable=True),
    sa.Column('has_account', sa.Boolean(), nullable=False),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer')),
    sa.UniqueConstraint('email', 'has_account', name=op.f('uq_customer_email_has_account'))
    )
    op.create_table('inventory_item',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('sku', sa.String(), nullable=True),
    sa.Column('title', sa.String(), nullable=True),
    sa.Column('description', sa.String(), nullable=True),
    sa.Column('requires_shipping', sa.Boolean(), nullable=False),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inventory_item')),
    sa.UniqueConstraint('sku', name=op.f('uq_inventory_item_sku'))
    )
    op.create_table('product',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('handle', sa.String(), nullable=False),
    sa.Column('subtitle', sa.String(), nullable=True),
    sa.Column('description', sa.String(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('thumbnail', sa.String(), nullable=True),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product')),
    sa.UniqueConstraint('handle', name=op.f('uq_product_handle'))
    )
    op.create_table('sales_channel',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('description', sa.String(), nullable=True),
    sa.Column('is_disabled', sa.Boolean(), nullable=False),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_channel'))
    )
    op.create_table('stock_location',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('address', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_location'))
    )
    op.create_table('user',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(), nullable=False),
    sa.Column('first_name', sa.String(), nullable=True),
    sa.Column('last_name', sa.String(), nullable=True),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    op.create_table('auth_identity',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(), nullable=False),
    sa.Column('password_hash', sa.String(), nullable=False),
    sa.Column('customer_id', sa.String(length=40), nullable=True),
    sa.Column('user_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_auth_identity_customer_id_customer'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_auth_identity_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_identity')),
    sa.UniqueConstraint('email', name=op.f('uq_auth_identity_email'))
    )
    op.create_table('inventory_level',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('inventory_item_id', sa.String(length=40), nullable=False),
    sa.Column('location_id', sa.String(length=40), nullable=False),
    sa.Column('stocked_quantity', sa.Integer(), nullable=False),
    sa.Column('reserved_quantity', sa.Integer(), nullable=False),
    sa.Column('incoming_quantity', sa.Integer(), nullable=False),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('incoming_quantity >= 0', name='ck_incoming_non_negative'),
    sa.CheckConstraint('reserved_quantity >= 0', name='ck_reserved_non_negative'),
    sa.CheckConstraint('stocked_quantity >= 0', name='ck_stocked_non_negative'),
    sa.ForeignKeyConstraint(['inventory_item_id'], ['inventory_item.id'], name=op.f('fk_inventory_level_inventory_item_id_inventory_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['stock_location.id'], name=op.f('fk_inventory_level_location_id_stock_location'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inventory_level')),
    sa.UniqueConstraint('inventory_item_id', 'location_id', name=op.f('uq_inventory_level_inventory_item_id_location_id'))
    )
    with op.batch_alter_table('inventory_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inventory_level_location_id'), ['location_id'], unique=False)

    op.create_table('product_option',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('product_id', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_option_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_option')),
    sa.UniqueConstraint('product_id', 'title', name=op.f('uq_product_option_product_id_title'))
    )
    op.create_table('product_sales_channel',
    sa.Column('product_id', sa.String(length=40), nullable=False),
    sa.Column('sales_channel_id', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_sales_channel_product_id_product'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sales_channel_id'], ['sales_channel.id'], name=op.f('fk_product_sales_channel_sales_channel_id_sales_channel'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', 'sales_channel_id', name=op.f('pk_product_sales_channel'))
    )
    with op.batch_alter_table('product_sales_channel', schema=None) as batch_op:
        batch_op.create_index('ix_product_sales_channel_channel', ['sales_channel_id'], unique=False)

    op.create_table('product_variant',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('product_id', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('sku', sa.String(), nullable=True),
    sa.Column('barcode', sa.String(), nullable=True),
    sa.Column('ean', sa.String(), nullable=True),
    sa.Column('upc', sa.String(), nullable=True),
    sa.Column('manage_inventory', sa.Boolean(), nullable=False),
    sa.Column('allow_backorder', sa.Boolean(), nullable=False),
    sa.Column('variant_rank', sa.Integer(), nullable=False),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_variant_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_variant')),
    sa.UniqueConstraint('sku', name=op.f('uq_product_variant_sku'))
    )
    with op.batch_alter_table('product_variant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_variant_product_id'), ['product_id'], unique=False)

    op.create_table('publishable_api_key_sales_channel',
    sa.Column('api_key_id', sa.String(length=40), nullable=False),
    sa.Column('sales_channel_id', sa.String(length=40), nullable=False),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['api_key_id'], ['api_key.id'], name=op.f('fk_publishable_api_key_sales_channel_api_key_id_api_key'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sales_channel_id'], ['sales_channel.id'], name=op.f('fk_publishable_api_key_sales_channel_sales_channel_id_sales_channel'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('api_key_id', 'sales_channel_id', name=op.f('pk_publishable_api_key_sales_channel'))
    )
    with op.batch_alter_table('publishable_api_key_sales_channel', schema=None) as batch_op:
        batch_op.create_index('ix_publishable_api_key_sales_channel_channel', ['sales_channel_id'], unique=False)

    op.create_table('reservation_item',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('inventory_item_id', sa.String(length=40), nullable=False),
    sa.Column('location_id', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('line_item_id', sa.String(), nullable=True),
    sa.Column('description', sa.String(), nullable=True),
    sa.Column('metadata', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inventory_item_id'], ['inventory_item.id'], name=op.f('fk_reservation_item_inventory_item_id_inventory_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['stock_location.id'], name=op.f('fk_reservation_item_location_id_stock_location'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reservation_item'))
    )
    with op.batch_alter_table('reservation_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reservation_item_inventory_item_id'), ['inventory_item_id'], unique=False)

    op.create_table('sales_channel_stock_location',
    sa.Column('sales_channel_id', sa.String(length=40), nullable=False),
    sa.Column('stock_location_id', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['sales_channel_id'], ['sales_channel.id'], name=op.f('fk_sales_channel_stock_location_sales_channel_id_sales_channel'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stock_location_id'], ['stock_location.id'], name=op.f('fk_sales_channel_stock_location_stock_location_id_stock_location'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sales_channel_id', 'stock_location_id', name=op.f('pk_sales_channel_stock_location'))
    )
    with op.batch_alter_table('sales_channel_stock_location', schema=None) as batch_op:
        batch_op.create_index('ix_sales_channel_stock_location_location', ['stock_location_id'], unique=False)

    op.create_table('price',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('variant_id', sa.String(length=40), nullable=False),
    sa.Column('currency_code', sa.String(length=3), nullable=False),
    sa.Column('amount', sa.Numeric(precision=20, scale=4, asdecimal=False), nullable=False),
    sa.Column('created_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', restock.kit.time.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variant.id'], name=op.f('fk_price_variant_id_product_variant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price'))
    )
    with op.batch_alter_table('price', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_price_variant_id'), ['variant_id'], unique=False)

    op.create_table('product_option_value',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('option_id', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['option_id'], ['product_option.id'], name=op.f('fk_product_option_value_option_id_product_option'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_option_value')),
    sa.UniqueConstraint('option_id', 'value', name=op.f('uq_product_option_value_option_id_value'))
    )
    op.create_table('product_variant_inventory_item',
    sa.Column('variant_id', sa.String(length=40), nullable=False),
    sa.Column('inventory_item_id', sa.String(length=40), nullable=False),
    sa.Column('required_quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('required_quantity >= 1', name='ck_required_quantity_positive'),
    sa.ForeignKeyConstraint(['inventory_item_id'], ['inventory_item.id'], name=op.f('fk_product_variant_inventory_item_inventory_item_id_inventory_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variant.id'], name=op.f('fk_product_variant_inventory_item_variant_id_product_variant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('variant_id', 'inventory_item_id', name=op.f('pk_product_variant_inventory_item'))
    )
    with op.batch_alter_table('product_variant_inventory_item', schema=None) as batch_op:
        batch_op.create_index('ix_product_variant_inventory_item_item', ['inventory_item_id'], unique=False)

    op.create_table('product_variant_option',
    sa.Column('variant_id', sa.String(length=40), nullable=False),
    sa.Column('option_value_id', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['option_value_id'], ['product_option_value.id'], name=op.f('fk_product_variant_option_option_value_id_product_option_value'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variant.id'], name=op.f('fk_product_variant_option_variant_id_product_variant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('variant_id', 'option_value_id', name=op.f('pk_product_variant_option'))
    )


def downgrade() -> None:
    op.drop_table('product_variant_option')
    with op.batch_alter_table('product_variant_inventory_item', schema=None) as batch_op:
        batch_op.drop_index('ix_product_variant_inventory_item_item')

    op.drop_table('product_variant_inventory_item')
    op.drop_table('product_option_value')
    with op.batch_alter_table('price', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_price_variant_id'))

    op.drop_table('price')
    with op.batch_alter_table('sales_channel_stock_location', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_channel_stock_location_location')

    op.drop_table('sales_channel_stock_location')
    with op.batch_alter_table('reservation_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reservation_item_inventory_item_id'))

    op.drop_table('reservation_item')
    with op.batch_alter_table('publishable_api_key_sales_channel', schema=None) as batch_op:
        batch_op.drop_index('ix_publishable_api_key_sales_channel_channel')

    op.drop_table('publishable_api_key_sales_channel')
    with op.batch_alter_table('product_variant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_variant_product_id'))

    op.drop_table('product_variant')
    with op.batch_alter_table('product_sales_channel', schema=None) as batch_op:
        batch_op.drop_index('ix_product_sales_channel_channel')

    op.drop_table('product_sales_channel')
    op.drop_table('product_option')
    with op.batch_alter_table('inventory_level', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inventory_level_location_id'))

    op.drop_table('inventory_level')
    op.drop_table('auth_identity')
    op.drop_table('user')
    op.drop_table('stock_location')
    op.drop_table('sales_channel')
    op.drop_table('product')
    op.drop_table('inventory_item')
    op.drop_table('customer')
    op.drop_table('api_key')
