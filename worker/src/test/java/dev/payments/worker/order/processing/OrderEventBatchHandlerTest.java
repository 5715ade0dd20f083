package dev.payments.worker.order.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;
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
    void aRecordThatBreaksAConstraintIsNotRetried() {
        assertThat(OrderEventBatchHandler.isTransient(hibernate("23514", "violates check constraint")))
                .isFalse();
        assertThat(OrderEventBatchHandler.isTransient(hibernate(null, "no state")))
                .isFalse();
        assertThat(OrderEventBatchHandler.isTransient(new IllegalStateException("a bug")))
                .isFalse();
    }

    private static RuntimeException hibernate(String sqlState, String message) {
        SQLException cause = new SQLException("FATAL: " + message, sqlState);
        return new JpaSystemException(new GenericJDBCException("JDBC exception executing SQL", cause));
    }
}
