-- Found by the index gate (IndexGateTest) on the seeded 500k-order dataset: for a page token
-- deep in the heaviest user's list, the planner preferred idx_orders_created_at with a filter
-- on user_id (reading everyone's orders around the cursor, ~2x the buffers) over
-- idx_orders_user_created, because the latter needed a heap fetch per row while the created_at
-- scan follows the table's physical order. Carrying the listed columns in the ListOrders
-- indexes makes the page an index-only scan: the right plan is also the cheapest one, for
-- every user and page depth.
-- Same names and key columns as in V1, so nothing else changes. On a large live table, build
-- them with CREATE INDEX CONCURRENTLY by hand before this migration runs.

DROP INDEX idx_orders_user_created;
CREATE INDEX idx_orders_user_created ON orders (user_id, created_at DESC, id DESC)
    INCLUDE (status, total_cents, currency, updated_at);

DROP INDEX idx_orders_user_status;
CREATE INDEX idx_orders_user_status ON orders (user_id, status, created_at DESC, id DESC)
    INCLUDE (total_cents, currency, updated_at);
