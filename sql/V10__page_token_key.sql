-- ListOrders page tokens carry an HMAC made with this key, so a caller cannot forge one or change
-- the cursor, user or filter inside it. Kept in the database, not in configuration: every instance,
-- and every restart, signs and checks with the same key, and nothing needs to be set up.
-- gen_random_uuid() draws from the server's strong random source (core since PostgreSQL 13, no
-- extension); two of them give 32 bytes of key material (244 random bits).
CREATE TABLE page_token_key (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key       bytea   NOT NULL CHECK (length(key) >= 16)
);
INSERT INTO page_token_key (key)
VALUES (decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
