-- Reconciliation with the PG's transactions list (docs/contract.md §5 "Reconciliation"): each run over a time window is
-- one row, and every item of it that did not match is one row under it (matched ones are only counted). No tokens, no
-- secrets, no account numbers: keys, statuses and amounts only.
CREATE TABLE reconciliation_runs (
    run_id          bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- ROLLING (every interval), DAILY (the previous day), MANUAL (an operator's window)
    kind            varchar(16)  NOT NULL,
    -- the window: PG rows and our records with from <= time < to are classified
    window_start    timestamptz  NOT NULL,
    window_end      timestamptz  NOT NULL,
    state           varchar(16)  NOT NULL,
    -- the instance running it, and until when it holds it (renewed per page); past it, the run may be taken over
    owner           varchar(200) NOT NULL,
    lease_until     timestamptz  NOT NULL,
    started_at      timestamptz  NOT NULL,
    finished_at     timestamptz,
    -- PG rows inside the window
    pg_transactions integer      NOT NULL DEFAULT 0,
    matched         integer      NOT NULL DEFAULT 0,
    amount_mismatch integer      NOT NULL DEFAULT 0,
    missing_here    integer      NOT NULL DEFAULT 0,
    missing_at_pg   integer      NOT NULL DEFAULT 0,
    status_mismatch integer      NOT NULL DEFAULT 0,
    healing         integer      NOT NULL DEFAULT 0,
    healed          integer      NOT NULL DEFAULT 0,
    reported        integer      NOT NULL DEFAULT 0,
    -- why a FAILED run failed
    error           varchar(500),
    CONSTRAINT reconciliation_runs_kind_check CHECK (kind IN ('ROLLING', 'DAILY', 'MANUAL')),
    CONSTRAINT reconciliation_runs_state_check CHECK (state IN ('RUNNING', 'DONE', 'FAILED')),
    CONSTRAINT reconciliation_runs_window_check CHECK (window_start < window_end)
);
-- a scheduled window runs once across instances: a later tick takes its row over only when it FAILED or its lease ran out
CREATE UNIQUE INDEX reconciliation_runs_scheduled_idx ON reconciliation_runs (kind, window_start, window_end)
    WHERE kind IN ('ROLLING', 'DAILY');
-- never the same window twice at once, whatever the kinds
CREATE UNIQUE INDEX reconciliation_runs_running_idx ON reconciliation_runs (window_start, window_end)
    WHERE state = 'RUNNING';
-- the endpoint's latest runs, the open items' "latest DONE run covering", retention
CREATE INDEX reconciliation_runs_started_idx ON reconciliation_runs (started_at);
CREATE INDEX reconciliation_runs_done_by_window_idx ON reconciliation_runs (window_start, window_end)
    WHERE state = 'DONE';

CREATE TABLE reconciliation_items (
    run_id          bigint       NOT NULL REFERENCES reconciliation_runs (run_id) ON DELETE CASCADE,
    item_no         integer      NOT NULL,
    -- AMOUNT_MISMATCH, MISSING_HERE, MISSING_AT_PG, STATUS_MISMATCH (MATCHED items are not stored)
    class           varchar(16)  NOT NULL,
    -- HEALING (a PG look-up was requested), HEALED (our records already hold the PG's word), REPORTED (an operator's)
    resolution      varchar(16)  NOT NULL,
    -- PG_APPROVAL, PG_CANCEL, PG_ISSUANCE, PG_OTHER (a PG row of a status we do not reconcile), OUR_ORDER, OUR_REFUND
    source          varchar(16)  NOT NULL,
    order_id        varchar(64),
    payment_key     varchar(200),
    transaction_key varchar(200),
    refund_id       varchar(64),
    pg_status       varchar(32),
    pg_amount       bigint,
    our_status      varchar(16),
    our_amount      bigint,
    -- the PG row's transactionAt, or our order's approved_at / refund's completed_at
    occurred_at     timestamptz  NOT NULL,
    detail          varchar(500),
    PRIMARY KEY (run_id, item_no),
    CONSTRAINT reconciliation_items_class_check
        CHECK (class IN ('MATCHED', 'AMOUNT_MISMATCH', 'MISSING_HERE', 'MISSING_AT_PG', 'STATUS_MISMATCH')),
    CONSTRAINT reconciliation_items_resolution_check CHECK (resolution IN ('NONE', 'HEALING', 'HEALED', 'REPORTED')),
    CONSTRAINT reconciliation_items_source_check
        CHECK (source IN ('PG_APPROVAL', 'PG_CANCEL', 'PG_ISSUANCE', 'PG_OTHER', 'OUR_ORDER', 'OUR_REFUND'))
);
-- open items: HEALING or REPORTED items, by when they occurred
CREATE INDEX reconciliation_items_open_idx ON reconciliation_items (occurred_at)
    WHERE resolution IN ('HEALING', 'REPORTED');

-- "ours, missing at the PG": the COMPLETE orders approved, and the refunds that succeeded, within a window
CREATE INDEX orders_complete_by_approval_idx ON orders (approved_at) WHERE status = 'COMPLETE';
CREATE INDEX refunds_succeeded_by_completion_idx ON refunds (completed_at) WHERE status = 'SUCCEEDED';
