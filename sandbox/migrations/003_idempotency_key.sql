-- A filing POST's `Idempotency-Key`: a repeated POST with the same key answers the case the
-- first one made instead of making another.
ALTER TABLE requests ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX requests_idempotency_key ON requests (idempotency_key)
    WHERE idempotency_key IS NOT NULL;
