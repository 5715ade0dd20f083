-- Virtual accounts (가상계좌) and the payment method of every order.
--
-- An order whose confirm the PG answered WAITING_FOR_DEPOSIT waits in AWAITING_DEPOSIT with the account the buyer
-- transfers to and its deadline. The payment's secret (which authenticates the PG's deposit callbacks, and which the
-- PG shows only in the confirm answer) is kept as its hex SHA-256 only: a callback's secret is compared with it in
-- constant time, and a reader of this table learns nothing it could forge a callback with.
ALTER TABLE orders
    ADD COLUMN method              varchar(40),
    ADD COLUMN va_bank_code        varchar(20),
    ADD COLUMN va_account_number   varchar(40),
    ADD COLUMN va_customer_name    varchar(100),
    ADD COLUMN va_due_date         timestamptz,
    ADD COLUMN deposit_secret_hash varchar(64);

ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('PREPAY', 'IN_PROGRESS', 'SUCCESS', 'AWAITING_DEPOSIT', 'FAIL', 'CANCEL', 'COMPLETE'));

-- the deadline sweep looks only at orders awaiting a deposit
CREATE INDEX orders_awaiting_deposit_idx ON orders (va_due_date) WHERE status = 'AWAITING_DEPOSIT';
