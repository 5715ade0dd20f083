/**
 * The payment worker. One rule explains its shape: <b>only the consumer of an order's partition decides what happens
 * to the order</b>. Everything else that learns something about an order — the confirm jobs and status checks that
 * talk to the PG ({@code pg.confirm}, {@code pg.status}), the expiry sweep ({@code expiry}), the reconciler and the
 * reconciliation with the PG's ledger ({@code reconcile}) — feeds what it learned back to that partition as an event,
 * and the consumer applies it in order with everything else the order receives.
 *
 * <pre>
 *   payments.order-events ──► order.messaging ──► order.processing ──► order (state machine, pure)
 *        ▲                     (listener)          (UnitOfWork: one        │
 *        │                                          transaction/batch)     ▼ rows: orders, event log, timeline,
 *        │                                                                   parked, jobs, outbox
 *        │      pg.confirm / pg.status (jobs) ◄── job rows                   │
 *        │      expiry, reconcile (sweeps)                                   │
 *        │                │ events                                           │ completions, dead letters
 *        │                ▼                                                  ▼
 *        └──────────── outbox (outbox_messages) ──► OutboxRelay ──► payments.order-events / .completions / .dlt
 * </pre>
 *
 * Every record the worker emits leaves through {@link dev.payments.worker.outbox.Outbox}, committed with the decision
 * or job state that produced it; the events it feeds back carry its proof ({@code auth}), and the consumer believes the
 * PG's word and its own decisions only with that proof, whoever else writes to the topic. The data-access rule is in {@code order/persistence/package-info.java}; the structure
 * is enforced by {@code ArchitectureTest}.
 */
package dev.payments.worker;
