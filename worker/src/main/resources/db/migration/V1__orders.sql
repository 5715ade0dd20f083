-- The worker owns this schema. The api-edge only reads orders and order_timeline (ideally as a read-only role).

-- One row per order: its current state. Written only by the order-events consumer (optimistic lock on version,
-- so a zombie consumer left over from a rebalance cannot overwrite a newer state).
CREATE TABLE orders (
    order_id       varchar(64)  PRIMARY KEY,
    status         varchar(16)  NOT NULL,
    amount         bigint       NOT NULL,
    currency       varchar(3)   NOT NULL,
    order_name     varchar(100) NOT NULL,
    token_hash     varchar(64)  NOT NULL,
    customer_name  varchar(100),
    customer_email varchar(100),
    payment_key    varchar(200),
    reason         varchar(100),
    approved_at    timestamptz,
    expires_at     timestamptz  NOT NULL,
    created_at     timestamptz  NOT NULL,
    updated_at     timestamptz  NOT NULL,
    version        bigint       NOT NULL,
    CONSTRAINT orders_status_check
        CHECK (status IN ('PREPAY', 'IN_PROGRESS', 'SUCCESS', 'FAIL', 'CANCEL', 'COMPLETE'))
);
-- the expiry sweeper and the reconciler look only at open orders
CREATE INDEX orders_open_by_expiry_idx ON orders (expires_at) WHERE status IN ('PREPAY', 'IN_PROGRESS');
CREATE INDEX orders_awaiting_confirm_idx ON orders (updated_at) WHERE status = 'SUCCESS';

-- Every record the worker reads for an order leaves one row: applied, duplicate, parked or rejected, with the reason.
CREATE SEQUENCE order_timeline_seq INCREMENT BY 50;
CREATE TABLE order_timeline (
    id              bigint       PRIMARY KEY,
    order_id        varchar(64)  NOT NULL,
    event_id        varchar(200) NOT NULL,
    event_type      varchar(64)  NOT NULL,
    event_source    varchar(200),
    result          varchar(16)  NOT NULL,
    reason          varchar(100),
    status          varchar(16),
    kafka_partition integer,
    kafka_offset    bigint,
    recorded_at     timestamptz  NOT NULL,
    CONSTRAINT order_timeline_result_check CHECK (result IN ('APPLIED', 'DUPLICATE', 'PARKED', 'REJECTED'))
);
CREATE INDEX order_timeline_by_order_idx ON order_timeline (order_id, id);

-- The idempotent-consumer log: an event id is recorded in the same transaction as its effects.
CREATE TABLE processed_events (
    event_id     varchar(200) PRIMARY KEY,
    order_id     varchar(64)  NOT NULL,
    processed_at timestamptz  NOT NULL
);

-- Events that arrived before their order's payment.order.issued; replayed in arrival (id) order once it arrives.
CREATE SEQUENCE parked_events_seq INCREMENT BY 50;
CREATE TABLE parked_events (
    id              bigint       PRIMARY KEY,
    event_id        varchar(200) NOT NULL UNIQUE,
    order_id        varchar(64)  NOT NULL,
    event_type      varchar(64)  NOT NULL,
    payload         bytea        NOT NULL,
    kafka_partition integer,
    kafka_offset    bigint,
    parked_at       timestamptz  NOT NULL
);
CREATE INDEX parked_events_by_order_idx ON parked_events (order_id, id);
CREATE INDEX parked_events_by_age_idx ON parked_events (parked_at);

-- Transactional outbox: Kafka records (completions, dead letters) written with the state change that causes them
-- and published by the relay after commit.
CREATE SEQUENCE outbox_messages_seq INCREMENT BY 50;
CREATE TABLE outbox_messages (
    id          bigint       PRIMARY KEY,
    topic       varchar(200) NOT NULL,
    message_key bytea,
    payload     bytea,
    headers     text,
    created_at  timestamptz  NOT NULL
);

-- Confirm requests to the PG: one per order, created in the transaction that moves the order to SUCCESS and worked
-- off the consumer path. The PG's definitive answer comes back as a payment.pg.confirmation event.
CREATE TABLE pg_confirmations (
    order_id        varchar(64)  PRIMARY KEY,
    payment_key     varchar(200) NOT NULL,
    amount          bigint       NOT NULL,
    idempotency_key varchar(300) NOT NULL,
    state           varchar(16)  NOT NULL,
    attempts        integer      NOT NULL,
    next_attempt_at timestamptz  NOT NULL,
    lease_until     timestamptz,
    outcome         varchar(16),
    last_error      varchar(500),
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    CONSTRAINT pg_confirmations_state_check CHECK (state IN ('PENDING', 'DONE'))
);
CREATE INDEX pg_confirmations_due_idx ON pg_confirmations (next_attempt_at) WHERE state = 'PENDING';
