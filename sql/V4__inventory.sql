-- Inventory that never loses a unit: product versions, idempotent stock adjustments, expiring
-- reservations and the order history (the transactional outbox).

-- Grows by one on every change of the row, catalog fields or stock (UpsertProduct, AdjustStock,
-- CreateOrder, CancelOrder, expiry): the expected_version of a conditional UpsertProduct.
ALTER TABLE products ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- AdjustStock's idempotency keys, with the product as the first call returned it, so a retry
-- answers the same state without writing.
CREATE TABLE stock_adjustments (
    product_id  text        NOT NULL,
    request_id  text        NOT NULL,
    delta       integer     NOT NULL,
    name        text,
    description text,
    price_cents bigint,
    currency    text,
    stock       integer,
    version     bigint,
    updated_at  timestamptz,
    CONSTRAINT stock_adjustments_pkey PRIMARY KEY (product_id, request_id)
);

-- Append-only: one row per change of an order, written in the transaction of the change.
CREATE TABLE order_events (
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    order_id   text        NOT NULL,
    type       text        NOT NULL CHECK (type IN ('CREATED', 'STATUS_CHANGED', 'CANCELLED')),
    status     text        NOT NULL,   -- the order's status after the event
    reason     text,                   -- CANCELLED: 'caller' or 'expired'
    actor      text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    -- GetOrderHistory reads one order's events in id order: the key's leading column serves it
    CONSTRAINT idx_order_events_order_id PRIMARY KEY (order_id, id)
);

-- The expiry sweeper: the oldest PENDING orders, a few thousand among millions.
CREATE INDEX idx_orders_pending_created ON orders (created_at) WHERE status = 'PENDING';
