/**
 * Talking to the PG (Toss Payments API), off the ordered consumer path. Confirm jobs ({@code pg_confirmations}) are
 * worked off by the confirm dispatcher and answered by a {@code payment.pg.confirmation} event; status checks
 * ({@code pg_status_checks}: unsigned webhooks, reconciliation) read the payment and publish what the PG says as a
 * {@code payment.pg.status} event (verification LOOKUP). Both tables are claimed under leases by the same
 * {@link dev.payments.worker.pg.LeasedJobPoller} / {@link dev.payments.worker.pg.LeasedJobTable} machinery, safe with
 * several worker instances.
 */
package dev.payments.worker.pg;
