/**
 * Reconciliation: orders whose outcome the worker does not know (a confirm still undecided, an IN_PROGRESS order
 * close to its expiry) are looked up at the PG through status checks; the answers come back as verified
 * {@code payment.pg.status} events applied in order by the state machine. Never a confirm from here. The reconciliation
 * with the PG's transactions list (every approval and cancel matched to an order or a refund) is {@code ledger}.
 */
package dev.payments.worker.reconcile;
