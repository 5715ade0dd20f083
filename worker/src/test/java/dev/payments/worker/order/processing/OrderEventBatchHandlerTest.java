package dev.payments.worker.order.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.orm.jpa.JpaSystemException;

/**
 * Which failures are retried in order and which dead-letter a record. Found by the fault suite: PostgreSQL stopped
 * mid-load answered the open transactions with {@code FATAL: terminating connection due to administrator command}
 * (SQLState 57P01), which Hibernate reports as a generic {@link JpaSystemException}; the worker dead-lettered live
 * payment events instead of retrying them once the database was back.
 */
class OrderEventBatchHandlerTest {

    @Test
    void databaseShuttingDownIsRetriedNotDeadLettered() {
        assertThat(OrderEventBatchHandler.isTransient(
                        hibernate("57P01", "terminating connection due to administrator command")))
                .isTrue();
    }

    @Test
    void databaseCrashingOrStartingIsRetried() {
        assertThat(OrderEventBatchHandler.isTransient(hibernate("57P02", "terminating connection due to crash")))
                .isTrue();
        assertThat(OrderEventBatchHandler.isTransient(hibernate("57P03", "the database system is starting up")))
                .isTrue();
    }

    @Test
    void brokenConnectionIsRetried() {
        assertThat(OrderEventBatchHandler.isTransient(hibernate("08006", "An I/O error occurred while sending")))
                .isTrue();
    }

    @Test
    void anUncategorisedJdbcFailureIsRetried() {
        assertThat(OrderEventBatchHandler.isTransient(hibernate(null, "Unable to rollback against JDBC Connection")))
                .isTrue();
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
                new IllegalStateException("a moment's failure"), hibernate("08001", "Connection refused"));
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
        new OrderEventBatchHandler(processor, OrderEventBatchHandler.Processing.PER_RECORD)
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
        return new OrderEventBatchHandler(processor, OrderEventBatchHandler.Processing.BATCH);
    }

    /** Records the offsets of each call, i.e. of each transaction. */
    private static final class RecordingProcessor extends OrderEventProcessor {

        final List<List<Long>> calls = new ArrayList<>();

        RecordingProcessor() {
            super(null, null, null, null, null, null, null, null, null, null, null);
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
            super(null, null, null, null, null, null, null, null, null, null, null);
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

    private static RuntimeException hibernate(String sqlState, String message) {
        SQLException cause = new SQLException("FATAL: " + message, sqlState);
        return new JpaSystemException(new GenericJDBCException("JDBC exception executing SQL", cause));
    }
}
