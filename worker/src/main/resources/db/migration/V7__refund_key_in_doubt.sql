-- A refund's Idempotency-Key is given up for the next one only after the PG said that nothing was cancelled under it.
-- An attempt whose outcome stayed unknown (a timeout, an answer that is not the PG's) may still be running at the PG,
-- and a later "nothing cancelled" answer or look-up does not speak for it: until this moment (the database's clock)
-- the key is in doubt, and is kept.
ALTER TABLE pg_refunds ADD COLUMN key_in_doubt_until timestamptz;
