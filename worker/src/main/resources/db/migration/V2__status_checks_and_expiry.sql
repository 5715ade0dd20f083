-- Status checks: read a payment from the PG API (an unsigned webhook's hint, or reconciliation of an order whose
-- outcome is unknown) and publish what the PG says as a payment.pg.status event (verification LOOKUP). One row per
-- order, ever: a new request for a DONE check makes it PENDING again. Claimed under a lease like pg_confirmations.
CREATE TABLE pg_status_checks (
    order_id        varchar(64)  PRIMARY KEY,
    -- the payment to read; NULL: read the order's payment by orderId
    payment_key     varchar(200),
    state           varchar(16)  NOT NULL,
    -- claims so far (fences a stale claimer's reschedule)
    attempts        integer      NOT NULL,
    -- requests so far: one made during a look-up keeps the check PENDING for another look-up
    requests        bigint       NOT NULL,
    next_attempt_at timestamptz  NOT NULL,
    lease_until     timestamptz,
    outcome         varchar(16),
    last_error      varchar(500),
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    CONSTRAINT pg_status_checks_state_check CHECK (state IN ('PENDING', 'DONE')),
    CONSTRAINT pg_status_checks_outcome_check CHECK (outcome IN ('PUBLISHED', 'NOT_FOUND', 'MISMATCH'))
);
CREATE INDEX pg_status_checks_due_idx ON pg_status_checks (next_attempt_at) WHERE state = 'PENDING';

-- Expiry claims: the sweeper instance that inserts an order's row publishes its payment.order.expire (after commit);
-- one whose publication failed deletes its row, and a claim older than payments.expiry.retry-after whose order is
-- still open may be taken over (a crash between commit and publication). Rows of ended orders are cleaned up.
CREATE TABLE expiry_requests (
    order_id     varchar(64) PRIMARY KEY,
    requested_at timestamptz NOT NULL
);

-- the reconciler looks for SUCCESS orders by their confirm job's age
CREATE INDEX pg_confirmations_pending_by_age_idx ON pg_confirmations (created_at) WHERE state = 'PENDING';
