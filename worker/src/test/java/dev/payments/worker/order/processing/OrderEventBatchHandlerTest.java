package dev.payments.worker.order.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures are retried in order and which dead-letter a record. PostgreSQL stopped mid-load answers the open
 * transactions with {@code FATAL: terminating connection due to administrator command} (SQLState 57P01); a JDBC
 * driver's error Spring cannot categorise arrives as an {@link UncategorizedSQLException}, a type that says nothing
 * about retrying: only its SQLState tells a database that went away from a record that cannot be applied. The fault
 * suite once saw live payment events dead-lettered this way.
 */
class OrderEventBatchHandlerTest {

    @Test
    void databaseShuttingDownIsRetriedNotDeadLettered() {
        assertThat(OrderEventBatchHandler.isTransient(
                        uncategorised("57P01", "terminating connection due to administrator command")))
                .isTrue();
    }

    @Test
    void databaseCrashingOrStartingIsRetried() {
        assertThat(OrderEventBatchHandler.isTransient(uncategorised("57P02", "terminating connection due to crash")))
                .isTrue();
        assertThat(OrderEventBatchHandler.isTransient(uncategorised("57P03", "the database system is starting up")))
                .isTrue();
    }

    @Test
    void brokenConnectionIsRetried() {
        assertThat(OrderEventBatchHandler.isTransient(uncategorised("08006", "An I/O error occurred while sending")))
                .isTrue();
    }

    @Test
    void aLostSerializationOrDeadlockRaceIsRetried() {
        assertThat(OrderEventBatchHandler.isTransient(uncategorised("40001", "could not serialize access")))
                .isTrue();
        assertThat(OrderEventBatchHandler.isTransient(uncategorised("40P01", "deadlock detected")))
                .isTrue();
    }

    @Test
    void springsTransientAndResourceFailuresAreRetried() {
        assertThat(OrderEventBatchHandler.isTransient(new CannotGetJdbcConnectionException("no connection")))
                .isTrue();
        assertThat(OrderEventBatchHandler.isTransient(new OptimisticLockingFailureException("moved on")))
                .isTrue();
        assertThat(OrderEventBatchHandler.isTransient(new TransactionSystemException("rollback failed")))
                .isTrue();
    }

    @Test
    void anUncategorisedJdbcFailureWithoutAnUnavailableSqlStateIsNotRetried() {
        assertThat(OrderEventBatchHandler.isTransient(uncategorised(null, "something odd")))
                .isFalse();
        assertThat(OrderEventBatchHandler.isTransient(uncategorised("22P02", "invalid input syntax")))
                .isFalse();
    }

    @Test
    void aRecordThatBreaksAConstraintIsNotRetried() {
        assertThat(OrderEventBatchHandler.isTransient(
                        new org.springframework.dao.DataIntegrityViolationException("violates check constraint")))
                .isFalse();
        assertThat(OrderEventBatchHandler.isTransient(new IllegalStateException("a bug")))
                .isFalse();
    }

    @Test
    void aRecordFailingOnceForAGenericReasonAndThenApplyingIsNotDeadLettered() {
        ScriptedProcessor processor = new ScriptedProcessor(new IllegalStateException("a moment's failure"), null);
        batchHandler(processor).handle(List.of(record(7)));
        assertThat(processor.deadLettered).isEmpty();
        assertThat(processor.applied).containsExactly(7L);
    }

    @Test
    void aRecordFailingOnceThenMeetingTheDatabaseDownIsRetriedInOrderNotDeadLettered() {
        ScriptedProcessor processor = new ScriptedProcessor(
                new IllegalStateException("a moment's failure"), uncategorised("08001", "Connection refused"));
        assertThatThrownBy(() -> batchHandler(processor).handle(List.of(record(7))))
                .isInstanceOf(BatchListenerFailedException.class);
        assertThat(processor.deadLettered).isEmpty();
        assertThat(processor.applied).isEmpty();
    }

    @Test
    void aRecordFailingTwiceForAPermanentReasonIsDeadLettered() {
        ScriptedProcessor processor = new ScriptedProcessor(
                new IllegalStateException("cannot apply"), new IllegalStateException("cannot apply"));
        batchHandler(processor).handle(List.of(record(7)));
        assertThat(processor.deadLettered).containsExactly(7L);
        assertThat(processor.applied).isEmpty();
    }

    @Test
    void perRecordModeAppliesEveryRecordInATransactionOfItsOwnAndNeverTheBatch() {
        RecordingProcessor processor = new RecordingProcessor();
        new OrderEventBatchHandler(processor, properties(ConsumerProperties.Processing.PER_RECORD))
                .handle(List.of(record(7), record(8), record(9)));
        assertThat(processor.calls).containsExactly(List.of(7L), List.of(8L), List.of(9L));
    }

    @Test
    void batchModeAppliesThePollBatchInOneCall() {
        RecordingProcessor processor = new RecordingProcessor();
        batchHandler(processor).handle(List.of(record(7), record(8), record(9)));
        assertThat(processor.calls).containsExactly(List.of(7L, 8L, 9L));
    }

    private static OrderEventBatchHandler batchHandler(OrderEventProcessor processor) {
        return new OrderEventBatchHandler(processor, properties(ConsumerProperties.Processing.BATCH));
    }

    private static ConsumerProperties properties(ConsumerProperties.Processing processing) {
        return new ConsumerProperties(1, processing, false);
    }

    /** Records the offsets of each call, i.e. of each transaction. */
    private static final class RecordingProcessor extends OrderEventProcessor {

        final List<List<Long>> calls = new ArrayList<>();

        RecordingProcessor() {
            super(null, null, null, null, null, null, null, null, null, null);
        }

        @Override
        public void process(List<IncomingRecord> records) {
            calls.add(records.stream()
                    .map(r -> ((IncomingRecord.Poison) r).offset())
                    .toList());
        }
    }

    private static IncomingRecord record(long offset) {
        return new IncomingRecord.Poison(
                "payments.order-events", 0, offset, new byte[0], new byte[0], List.of(), "TEST", "test");
    }

    /**
     * The processor as the handler sees it, scripted: the whole batch fails (generically), then each single-record
     * attempt throws the next scripted failure (null: applies). Its database-facing collaborators are not used.
     */
    private static final class ScriptedProcessor extends OrderEventProcessor {

        private final Deque<Optional<RuntimeException>> attempts = new ArrayDeque<>();
        final List<Long> applied = new ArrayList<>();
        final List<Long> deadLettered = new ArrayList<>();
        private boolean batchFailed;

        ScriptedProcessor(RuntimeException first, RuntimeException second) {
            super(null, null, null, null, null, null, null, null, null, null);
            attempts.add(Optional.ofNullable(first));
            attempts.add(Optional.ofNullable(second));
        }

        @Override
        public void process(List<IncomingRecord> records) {
            if (!batchFailed) {
                batchFailed = true;
                throw new IllegalStateException("the batch failed");
            }
            Optional<RuntimeException> next = attempts.isEmpty() ? Optional.empty() : attempts.poll();
            if (next.isPresent()) {
                throw next.get();
            }
            records.forEach(r -> applied.add(((IncomingRecord.Poison) r).offset()));
        }

        @Override
        public void deadLetter(IncomingRecord record, Exception failure) {
            deadLettered.add(((IncomingRecord.Poison) record).offset());
        }
    }

    private static RuntimeException uncategorised(String sqlState, String message) {
        return new UncategorizedSQLException(
                "applying a batch", "UPDATE orders ...", new SQLException("FATAL: " + message, sqlState));
    }
}
