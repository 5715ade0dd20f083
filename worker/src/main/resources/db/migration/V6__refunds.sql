-- Refunds (docs/contract.md §2 "Refunds", §5 "Refund"): records of their own under an order, decided by the
-- order-events consumer in order on the order's partition, and cancelled at the PG off the consumer path.

-- What the PG gave back of the order's payment: grows by each SUCCEEDED refund, and follows the PG when the PG reports
-- more cancelled than our refunds account for (CANCELED_AT_PG). Changed only with the order's version, like its status.
ALTER TABLE orders ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0;
ALTER TABLE orders ADD CONSTRAINT orders_refunded_amount_check CHECK (refunded_amount >= 0);

-- One row per refund, ever: REQUESTED while its cancel is being made at the PG, then SUCCEEDED or FAILED. A refund the
-- worker refused (NOT_REFUNDABLE, REFUND_EXCEEDS_BALANCE) is recorded FAILED at once. Written only by the consumer,
-- in the transaction that bumps its order's version, so two consumers can never both decide against one balance.
CREATE TABLE refunds (
    order_id         varchar(64)   NOT NULL,
    refund_id        varchar(64)   NOT NULL,
    status           varchar(16)   NOT NULL,
    -- the amount decided: what is cancelled at the PG (a request without an amount takes the whole balance); for a
    -- refusal, the amount asked for (0 when none was named)
    amount           bigint        NOT NULL,
    -- the amount as requested; NULL: the request named none (the whole balance)
    requested_amount bigint,
    reason           varchar(200)  NOT NULL,
    -- SHOP: asked for by the shop; WORKER: a give-back the worker started itself (APPROVED_AFTER_END, ...)
    initiator        varchar(16)   NOT NULL,
    -- the payment cancelled at the PG
    payment_key      varchar(200),
    -- why a FAILED refund failed: NOT_REFUNDABLE, REFUND_EXCEEDS_BALANCE or the PG's code
    code             varchar(100),
    message          varchar(500),
    -- the PG's transactionKey of the cancel, once it SUCCEEDED
    transaction_key  varchar(200),
    -- the CloudEvents id of the request (NULL for a give-back)
    request_event_id varchar(200),
    requested_at     timestamptz   NOT NULL,
    completed_at     timestamptz,
    updated_at       timestamptz   NOT NULL,
    PRIMARY KEY (order_id, refund_id),
    CONSTRAINT refunds_status_check CHECK (status IN ('REQUESTED', 'SUCCEEDED', 'FAILED')),
    CONSTRAINT refunds_initiator_check CHECK (initiator IN ('SHOP', 'WORKER')),
    CONSTRAINT refunds_amount_check CHECK (amount >= 0)
);
CREATE INDEX refunds_requested_idx ON refunds (requested_at) WHERE status = 'REQUESTED';

-- Cancels to make at the PG: one job per refund, created in the transaction that records the refund REQUESTED, worked
-- off the consumer path under a lease like pg_confirmations. idempotency_key is stable for the refund; it is replaced
-- (never reused) only after the PG answered definitively that nothing was cancelled under it, e.g.
-- FORBIDDEN_CONSECUTIVE_REQUEST, since the PG replays a stored answer under the same key. The PG's definitive answer
-- comes back as a payment.pg.refund event.
CREATE TABLE pg_refunds (
    -- '<orderId>:<refundId>'
    job_key         varchar(140)  PRIMARY KEY,
    order_id        varchar(64)   NOT NULL,
    refund_id       varchar(64)   NOT NULL,
    payment_key     varchar(200)  NOT NULL,
    amount          bigint        NOT NULL,
    reason          varchar(200)  NOT NULL,
    idempotency_key varchar(300)  NOT NULL,
    -- how many keys the refund has used: the key in use is the key_generation-th
    key_generation  integer       NOT NULL,
    state           varchar(16)   NOT NULL,
    attempts        integer       NOT NULL,
    next_attempt_at timestamptz   NOT NULL,
    lease_until     timestamptz,
    outcome         varchar(16),
    last_error      varchar(500),
    created_at      timestamptz   NOT NULL,
    updated_at      timestamptz   NOT NULL,
    CONSTRAINT pg_refunds_state_check CHECK (state IN ('PENDING', 'DONE', 'REVIEW')),
    CONSTRAINT pg_refunds_amount_check CHECK (amount > 0)
);
CREATE INDEX pg_refunds_due_idx ON pg_refunds (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX pg_refunds_by_order_idx ON pg_refunds (order_id);
