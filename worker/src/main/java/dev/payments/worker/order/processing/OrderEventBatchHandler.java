package dev.payments.worker.order.processing;

import dev.payments.support.logging.OrderLogContext;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Applies a poll batch in one transaction; if that fails, falls back to one transaction per record so that a single
 * bad record cannot take its neighbours down with it. A record that fails on its own for a reason that will not go
 * away (twice in a row) is dead-lettered; one that fails for a reason that may go away (database down, a concurrent writer) is handed
 * to the container's error handler as a {@link BatchListenerFailedException}: the offsets of the records before it
 * (whose effects are committed) are committed, and it is retried with back-off, indefinitely, in order.
 *
 * <p>{@code payments.worker.processing=per-record} skips the batch transaction and applies every record in a
 * transaction of its own: the benchmark's baseline, which measures what batching gains. Same results, same guarantees.
 */
@Component
public class OrderEventBatchHandler {

    private static final Logger log = LoggerFactory.getLogger(OrderEventBatchHandler.class);

    private final OrderEventProcessor processor;
    private final ConsumerProperties.Processing processing;

    OrderEventBatchHandler(OrderEventProcessor processor, ConsumerProperties properties) {
        this.processor = processor;
        this.processing = properties.processing();
        if (processing == ConsumerProperties.Processing.PER_RECORD) {
            log.warn("Applying every record in a transaction of its own (payments.worker.processing=per-record):"
                    + " the benchmark's baseline, slower than batches");
        }
    }

    public void handle(List<IncomingRecord> records) {
        if (processing == ConsumerProperties.Processing.PER_RECORD) {
            applyOneByOne(records);
            return;
        }
        try {
            processor.process(records);
            return;
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw new BatchListenerFailedException("batch failed, will retry: " + e, e, 0);
            }
            log.warn(
                    "Batch of {} records failed ({}); applying them one by one",
                    records.size(),
                    e.getClass().getName());
        }
        applyOneByOne(records);
    }

    private void applyOneByOne(List<IncomingRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            IncomingRecord record = records.get(i);
            try (var logContext = logContext(record)) {
                applyAlone(record, i);
            }
        }
    }

    /**
     * Applies one record in a transaction of its own. It is dead-lettered only if it fails twice in a row for a reason
     * that is not transient: a database that dies under a transaction can surface as an error that lost its SQLState
     * (the rollback on the broken connection replaces it); the second attempt then meets the unreachable database as a
     * transient failure, and the record is retried in order instead.
     */
    private void applyAlone(IncomingRecord record, int index) {
        RuntimeException failure = failureOf(record);
        if (failure != null && !isTransient(failure)) {
            failure = failureOf(record);
        }
        if (failure == null) {
            return;
        }
        if (isTransient(failure)) {
            throw new BatchListenerFailedException("record failed, will retry: " + failure, failure, index);
        }
        // the message may quote the record's values (e.g. JDBC batch errors); it travels in the DLT headers
        log.error(
                "Record {}-{}@{} cannot be applied ({}); sending it to the dead-letter topic",
                record.topic(),
                record.partition(),
                record.offset(),
                failure.getClass().getName());
        deadLetter(record, failure, index);
    }

    private static OrderLogContext.Scope logContext(IncomingRecord record) {
        return record instanceof IncomingRecord.Event e
                ? OrderLogContext.event(e.orderId(), e.event().id(), e.event().type())
                : OrderLogContext.order(null);
    }

    /** @return null when the record was applied */
    private RuntimeException failureOf(IncomingRecord record) {
        try {
            processor.process(List.of(record));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void deadLetter(IncomingRecord record, RuntimeException failure, int index) {
        try {
            processor.deadLetter(record, failure);
        } catch (RuntimeException e) {
            throw new BatchListenerFailedException("could not dead-letter record: " + e, e, index);
        }
    }

    /**
     * Failures that a retry of the same record can overcome: the database or the network unavailable, a concurrent
     * writer, a transaction that could not begin, commit or roll back. By Spring's {@code DataAccessException} and
     * transaction types, and by the SQLState of any {@link SQLException} in the cause chain: the connection broke (class
     * {@code 08}), the server is shutting down, crashed or is starting ({@code 57P01}-{@code 57P03}), it lacks
     * resources (class {@code 53}) or the transaction lost a serialization or deadlock race (class {@code 40}). A
     * PostgreSQL restart under load must never dead-letter live events. Anything else — a constraint the record breaks,
     * a bug — is not transient.
     */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && unavailable(sql.getSQLState())) {
                return true;
            }
            if (t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionSystemException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
        }
        return false;
    }

    private static boolean unavailable(String sqlState) {
        return sqlState != null
                && (sqlState.startsWith("08")
                        || sqlState.startsWith("57P")
                        || sqlState.startsWith("53")
                        || sqlState.startsWith("40"));
    }
}
