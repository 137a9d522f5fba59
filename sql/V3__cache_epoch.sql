-- The product cache's keys carry this number. It is random per database and renewed whenever the
-- data is replaced wholesale (seed --reset), so a service started on a recreated or reseeded
-- database never reads entries that an earlier dataset left in a shared Redis.
CREATE TABLE cache_epoch (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    epoch     bigint  NOT NULL
);
INSERT INTO cache_epoch (epoch) VALUES ((random() * 9007199254740991)::bigint);
