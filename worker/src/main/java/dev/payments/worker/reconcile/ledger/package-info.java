/**
 * Reconciliation with the PG's ledger (거래 대사, docs/contract.md §5): runs over time windows read the PG's
 * transactions list and match every approval and cancel to our orders and refunds ({@code LedgerMatcher}, pure);
 * what the PG's word can settle is healed by a status check whose verified answer the order's partition applies,
 * the rest is reported (runs and items stored, metrics, ERROR lines, the {@code reconciliation} actuator endpoint).
 * It never writes an order or a refund.
 */
package dev.payments.worker.reconcile.ledger;
