-- Catalog, orders and their items. Every query the service issues is served by an
-- index below at production scale (500k+ orders); the index gate test proves it.

CREATE TABLE products (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    price_cents bigint      NOT NULL CHECK (price_cents >= 0),
    currency    text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    stock       integer     NOT NULL CHECK (stock >= 0),   -- the last line of defence against overselling
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    id           text        PRIMARY KEY,
    user_id      text        NOT NULL,
    -- idempotency key: a retried CreateOrder finds its order through (user_id, request_id)
    request_id   text        NOT NULL,
    -- fingerprint of the requested lines, to tell a retry from a reuse of the key with other items
    request_hash text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('PENDING','CONFIRMED','SHIPPED','DELIVERED','CANCELLED')),
    total_cents  bigint      NOT NULL CHECK (total_cents >= 0),
    currency     text        NOT NULL,
    cancel_reason text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_orders_user_request UNIQUE (user_id, request_id)
);

CREATE TABLE order_items (
    order_id         text    NOT NULL REFERENCES orders (id),
    line_no          integer NOT NULL,
    product_id       text    NOT NULL REFERENCES products (id),
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_price_cents bigint  NOT NULL CHECK (unit_price_cents >= 0),
    -- the primary key's index is the order_id index (leading column), so it carries that name
    CONSTRAINT idx_order_items_order_id PRIMARY KEY (order_id, line_no)
);

CREATE INDEX idx_orders_user_id      ON orders (user_id);
CREATE INDEX idx_orders_status       ON orders (status);
CREATE INDEX idx_orders_created_at   ON orders (created_at DESC);
-- ListOrders with a status filter: equality on (user_id, status), then keyset order
CREATE INDEX idx_orders_user_status  ON orders (user_id, status, created_at DESC, id DESC);
-- ListOrders: equality on user_id, then keyset order with id as the tie-breaker
CREATE INDEX idx_orders_user_created ON orders (user_id, created_at DESC, id DESC);
CREATE INDEX idx_order_items_product_id ON order_items (product_id);
