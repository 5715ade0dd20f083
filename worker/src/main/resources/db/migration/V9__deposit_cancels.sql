-- The cancel, at the PG, of a virtual account (가상계좌) whose deposit deadline passed, and the refund account a
-- deposited virtual account's refund is paid into.

-- One job per order, ever: created in the transaction that records the order's deadline, worked off the consumer path
-- under a lease like pg_refunds. Each attempt first reads the payment from the PG: still WAITING_FOR_DEPOSIT, it is
-- cancelled in full; deposited or cancelled already, nothing is cancelled. What the PG says comes back as a verified
-- payment.pg.status event. idempotency_key starts as 'deposit-expired-<orderId>' and is replaced (never reused) only
-- after the PG answered with a code of its own, which it replays under that key; a second cancel of a payment cancelled
-- in full is refused by the PG (ALREADY_CANCELED_PAYMENT), so a new key can never cancel twice. A cancel the PG
-- keeps refusing while the payment still waits for its deposit ends in REVIEW, for an operator.
CREATE TABLE pg_deposit_cancels (
    order_id        varchar(64)   PRIMARY KEY,
    payment_key     varchar(200)  NOT NULL,
    idempotency_key varchar(300)  NOT NULL,
    -- how many keys the job has used: the key in use is the key_generation-th
    key_generation  integer       NOT NULL,
    state           varchar(16)   NOT NULL,
    attempts        integer       NOT NULL,
    -- cancels the PG refused while it still said WAITING_FOR_DEPOSIT: past payments.pg.deposit-cancel.review-after,
    -- the job goes to REVIEW
    refusals        integer       NOT NULL DEFAULT 0,
    next_attempt_at timestamptz   NOT NULL,
    lease_until     timestamptz,
    -- CANCELED, DONE, PARTIAL_CANCELED... (the PG's status the job ended on); NULL in REVIEW
    outcome         varchar(32),
    last_error      varchar(500),
    created_at      timestamptz   NOT NULL,
    updated_at      timestamptz   NOT NULL,
    CONSTRAINT pg_deposit_cancels_state_check CHECK (state IN ('PENDING', 'DONE', 'REVIEW'))
);
CREATE INDEX pg_deposit_cancels_due_idx ON pg_deposit_cancels (next_attempt_at) WHERE state = 'PENDING';

-- A deposited virtual account is refunded to the buyer's own account (Toss refundReceiveAccount). It is kept only
-- while the refund's cancel job runs, and cleared when the job ends. Unbounded here: the shape is the request's and
-- the PG's to judge (a malformed account is a refund the PG refuses), never a consumer transaction that cannot commit.
ALTER TABLE pg_refunds
    ADD COLUMN refund_bank           text,
    ADD COLUMN refund_account_number text,
    ADD COLUMN refund_holder_name    text;
