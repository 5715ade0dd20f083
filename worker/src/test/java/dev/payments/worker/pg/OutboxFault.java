package dev.payments.worker.pg;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A real database failure on demand: while it is open, PostgreSQL refuses every outbox row keyed by one orderId, so
 * the transaction that writes it rolls back as a whole.
 */
public final class OutboxFault implements AutoCloseable {

    private static final AtomicInteger triggers = new AtomicInteger();

    private final JdbcClient jdbc;
    private final String trigger;

    private OutboxFault(JdbcClient jdbc, String trigger) {
        this.jdbc = jdbc;
        this.trigger = trigger;
    }

    /** Refuses the outbox rows of {@code orderId} until closed. */
    public static OutboxFault refuseRowsOf(JdbcClient jdbc, String orderId) {
        jdbc.sql("""
                        CREATE OR REPLACE FUNCTION refuse_outbox_row() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            RAISE EXCEPTION 'outbox row refused by the test';
                        END $$""").update();
        String trigger = "refuse_outbox_row_" + triggers.incrementAndGet();
        String key = HexFormat.of().formatHex(orderId.getBytes(StandardCharsets.UTF_8));
        jdbc.sql("""
                        CREATE TRIGGER %s BEFORE INSERT ON outbox_messages FOR EACH ROW
                          WHEN (NEW.message_key = decode('%s', 'hex'))
                          EXECUTE FUNCTION refuse_outbox_row()""".formatted(trigger, key)).update();
        return new OutboxFault(jdbc, trigger);
    }

    @Override
    public void close() {
        jdbc.sql("DROP TRIGGER " + trigger + " ON outbox_messages").update();
    }
}
