/**
 * The worker's order tables, and the project's one data-access rule.
 *
 * <p><b>The rule.</b> Where an aggregate is read or written one at a time, off any hot path, use Spring Data JPA
 * (the edge's order view is such a place). On a hot path — the order-events consumer's unit of work, the PG job
 * tables, the outbox, the sweeps — use plain JDBC on Boot's beans: {@code JdbcTemplate.batchUpdate} for a batch of
 * rows, {@code JdbcClient} for a single statement (an array parameter, {@code = ANY(:ids)}, for a set of keys). The
 * worker has no JPA: every statement of it is on such a path, so its transactions are Spring's
 * {@code JdbcTransactionManager}'s and its failures are Spring's {@code DataAccessException}s, classified for retries
 * by type and SQLState ({@code OrderEventBatchHandler#isTransient}).
 *
 * <p>Repositories here only read and write rows; they never decide. Every statement runs in the caller's transaction,
 * and nothing is buffered: the consumer's {@code UnitOfWork} collects what a poll batch decided and writes it through
 * these classes in one documented order.
 */
package dev.payments.worker.order.persistence;
