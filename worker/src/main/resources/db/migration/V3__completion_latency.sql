-- Completion latency: an outbox row that carries a completion remembers when the PG result that ended its order
-- reached us (the CloudEvents time of that event) and the event's type, so the relay can time "PG result accepted"
-- -> "completion acknowledged by the broker" (metric payments.completion.latency). Null for other rows.
ALTER TABLE outbox_messages
    ADD COLUMN latency_origin  timestamptz,
    ADD COLUMN latency_trigger varchar(100);
