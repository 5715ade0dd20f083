package dev.payments.worker.order.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payments.schemas.VirtualAccount;
import dev.payments.worker.order.Order;
import dev.payments.worker.order.OrderStatus;
import dev.payments.worker.pg.TestDatabases;
import dev.payments.worker.testing.InfrastructureSlice;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The consumer's JDBC writes on a real PostgreSQL: orders round-trip every column, an update is fenced by the version
 * its transaction read (and a fenced-off batch changes nothing), the event-id log refuses a second record of an event,
 * timeline rows get ids in the order they were given, within a batch and across transactions, and parked events come
 * back in arrival order, are removed only all together, and are never waited for by the sweep.
 */
@SpringBootTest(
        classes = OrderTablesIT.PersistenceSlice.class,
        properties = {
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            // as the worker runs: JDBC batches of INSERTs become multi-row INSERTs (ids must still follow the list)
            "spring.datasource.hikari.data-source-properties.reWriteBatchedInserts=true"
        })
class OrderTablesIT {

    private static final String JDBC_URL = TestDatabases.fresh("order_tables_it");
    private static final Instant NOW = Instant.parse("2026-11-24T06:00:00.123456Z");
    /** The shape of an event's fingerprint: lower-case hex SHA-256. */
    private static final String FINGERPRINT = "ab".repeat(32);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> JDBC_URL);
    }

    @Configuration(proxyBeanMethods = false)
    @Import(InfrastructureSlice.class)
    @ComponentScan(basePackageClasses = OrderStore.class, excludeFilters = @ComponentScan.Filter(Configuration.class))
    static class PersistenceSlice {}

    @Autowired
    OrderStore orders;

    @Autowired
    EventRecords eventRecords;

    @Autowired
    ParkedEvents parkedEvents;

    @Autowired
    EventLookups lookups;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DataSource dataSource;

    @Test
    void an_order_reads_back_as_it_was_written_with_version_zero() {
        Order approved = order(newId(), OrderStatus.COMPLETE, OffsetDateTime.parse("2026-11-24T15:00:01+09:00"));
        Order bare = order(newId(), OrderStatus.PREPAY);

        transactions.executeWithoutResult(tx -> orders.insert(List.of(approved, bare), NOW));

        Map<String, StoredOrder> loaded =
                transactions.execute(tx -> orders.load(List.of(approved.orderId(), bare.orderId(), "absent")));
        assertThat(loaded).containsOnlyKeys(approved.orderId(), bare.orderId());
        assertThat(loaded.get(bare.orderId())).isEqualTo(new StoredOrder(bare, 0));
        StoredOrder read = loaded.get(approved.orderId());
        assertThat(read.version()).isZero();
        // the same instant; PostgreSQL keeps no offset, so it comes back in UTC
        assertThat(read.order().approvedAt()).isEqualTo(OffsetDateTime.parse("2026-11-24T06:00:01Z"));
        assertThat(read.order())
                .isEqualTo(order(
                        approved.orderId(), OrderStatus.COMPLETE, read.order().approvedAt()));
    }

    @Test
    void an_update_with_the_version_read_moves_the_version_on() {
        Order issued = order(newId(), OrderStatus.PREPAY);
        transactions.executeWithoutResult(tx -> orders.insert(List.of(issued), NOW));

        Order inProgress = with(issued, OrderStatus.IN_PROGRESS);
        transactions.executeWithoutResult(tx -> orders.update(List.of(new StoredOrder(inProgress, 0)), NOW));

        assertThat(load(issued.orderId())).isEqualTo(new StoredOrder(inProgress, 1));
        assertThat(updatedAt(issued.orderId())).isEqualTo(NOW.truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void an_update_writes_the_virtual_account_and_the_secrets_hash_a_confirm_answer_brought() {
        String orderId = newId();
        Order issued = order(orderId, OrderStatus.PREPAY);
        transactions.executeWithoutResult(tx -> orders.insert(List.of(issued), NOW));
        Order withAccount = order(orderId, OrderStatus.COMPLETE, OffsetDateTime.parse("2026-11-24T06:00:01Z"));
        Order awaiting = with(withAccount, OrderStatus.AWAITING_DEPOSIT);

        transactions.executeWithoutResult(tx -> orders.update(List.of(new StoredOrder(awaiting, 0)), NOW));

        assertThat(load(orderId)).isEqualTo(new StoredOrder(awaiting, 1));
        assertThat(load(orderId).order().virtualAccount().dueDate())
                .isEqualTo(OffsetDateTime.parse("2026-11-27T06:00:00.123456Z"));
    }

    @Test
    void an_update_fenced_off_by_a_newer_version_fails_and_changes_nothing_of_its_batch() {
        Order first = order(newId(), OrderStatus.PREPAY);
        Order second = order(newId(), OrderStatus.PREPAY);
        transactions.executeWithoutResult(tx -> orders.insert(List.of(first, second), NOW));
        // another consumer (the partition's new owner) moved the second order on since version 0 was read
        transactions.executeWithoutResult(
                tx -> orders.update(List.of(new StoredOrder(with(second, OrderStatus.IN_PROGRESS), 0)), NOW));

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
                    orders.update(
                            List.of(
                                    new StoredOrder(with(first, OrderStatus.CANCEL), 0),
                                    new StoredOrder(with(second, OrderStatus.CANCEL), 0)),
                            NOW);
                    eventRecords.processed(
                            List.of(new ProcessedEvent("zombie-event", first.orderId(), FINGERPRINT)), NOW);
                }))
                .isInstanceOf(OptimisticLockingFailureException.class)
                .hasMessageContaining(second.orderId());

        assertThat(load(first.orderId())).isEqualTo(new StoredOrder(first, 0));
        assertThat(load(second.orderId())).isEqualTo(new StoredOrder(with(second, OrderStatus.IN_PROGRESS), 1));
        assertThat(count("SELECT count(*) FROM processed_events WHERE event_id = 'zombie-event'"))
                .isZero();
    }

    @Test
    void a_second_record_of_an_event_id_fails_its_transaction() {
        String orderId = newId();
        String eventId = "event-" + orderId;
        transactions.executeWithoutResult(
                tx -> eventRecords.processed(List.of(new ProcessedEvent(eventId, orderId, FINGERPRINT)), NOW));

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
                    eventRecords.timeline(List.of(entry(orderId, 1)), NOW);
                    eventRecords.processed(List.of(new ProcessedEvent(eventId, orderId, FINGERPRINT)), NOW);
                }))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(count("SELECT count(*) FROM processed_events WHERE event_id = '" + eventId + "'"))
                .isOne();
        assertThat(timelineOffsets(orderId)).isEmpty();
    }

    @Test
    void claimed_and_parked_ids_come_back_with_their_fingerprints() {
        String orderId = newId();
        String other = "cd".repeat(32);
        transactions.executeWithoutResult(tx -> {
            eventRecords.processed(List.of(new ProcessedEvent(orderId + ":applied", orderId, FINGERPRINT)), NOW);
            parkedEvents.insert(List.of(new ParkedEvent(
                    null,
                    orderId + ":parked",
                    orderId,
                    "payment.checkout.started",
                    new byte[] {1},
                    0,
                    1L,
                    NOW,
                    other)));
        });
        // a claim from before fingerprints were kept (V4) has none
        jdbc().sql("INSERT INTO processed_events (event_id, order_id, processed_at) VALUES (:id, :orderId, now())")
                .param("id", orderId + ":old")
                .param("orderId", orderId)
                .update();

        Map<String, String> claimed = transactions.execute(tx -> lookups.claimed(
                List.of(orderId + ":applied", orderId + ":old", orderId + ":parked", orderId + ":absent")));
        EventLookups.Parked parked = transactions.execute(
                tx -> lookups.parked(List.of(orderId + ":parked", orderId + ":applied"), List.of(orderId)));

        assertThat(claimed)
                .containsOnlyKeys(orderId + ":applied", orderId + ":old")
                .containsEntry(orderId + ":applied", FINGERPRINT)
                .containsEntry(orderId + ":old", null);
        assertThat(parked.eventIds()).containsExactly(Map.entry(orderId + ":parked", other));
        assertThat(parked.orderIds()).containsExactly(orderId);
        assertThat(parkedOf(orderId))
                .singleElement()
                .extracting(ParkedEvent::fingerprint)
                .isEqualTo(other);
    }

    @Test
    void timeline_rows_are_numbered_in_the_order_they_were_given() {
        String orderId = newId();
        // larger than a poll batch's, and given out of offset order on purpose: the id follows the list, not the data
        List<TimelineEntry> batch =
                IntStream.range(0, 700).mapToObj(i -> entry(orderId, 700 - i)).toList();
        transactions.executeWithoutResult(tx -> eventRecords.timeline(batch, NOW));
        transactions.executeWithoutResult(tx -> eventRecords.timeline(List.of(entry(orderId, 0)), NOW));

        List<Long> offsetsById = timelineOffsets(orderId);
        assertThat(offsetsById).hasSize(701);
        assertThat(offsetsById)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(0, 700).mapToObj(i -> 700L - i).toList());
    }

    @Test
    void parked_events_come_back_per_order_in_arrival_order_with_their_bytes() {
        String orderId = newId();
        List<ParkedEvent> parked = IntStream.range(0, 3)
                .mapToObj(i -> new ParkedEvent(
                        null,
                        orderId + ":early-" + i,
                        orderId,
                        "payment.checkout.started",
                        ("payload-" + i).getBytes(StandardCharsets.UTF_8),
                        1,
                        100L + i,
                        NOW,
                        FINGERPRINT))
                .toList();

        transactions.executeWithoutResult(tx -> parkedEvents.insert(parked));

        List<ParkedEvent> read = parkedOf(orderId);
        assertThat(read)
                .extracting(ParkedEvent::eventId)
                .containsExactly(orderId + ":early-0", orderId + ":early-1", orderId + ":early-2");
        assertThat(read).extracting(ParkedEvent::id).isSorted().doesNotContainNull();
        assertThat(read.getFirst().payload()).asString(StandardCharsets.UTF_8).isEqualTo("payload-0");
        assertThat(read.getFirst().kafkaOffset()).isEqualTo(100L);
        assertThat(read.getFirst().parkedAt()).isEqualTo(NOW.truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void removing_parked_events_someone_else_removed_first_fails_and_removes_nothing() {
        String orderId = newId();
        transactions.executeWithoutResult(tx -> parkedEvents.insert(
                List.of(parked(orderId + ":a", orderId, 1L, NOW), parked(orderId + ":b", orderId, 2L, NOW))));
        List<Long> ids = parkedOf(orderId).stream().map(ParkedEvent::id).toList();
        // the sweep (or a consumer left over from a rebalance) decided the second one first
        jdbc().sql("DELETE FROM parked_events WHERE id = :id")
                .param("id", ids.get(1))
                .update();

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> parkedEvents.delete(ids)))
                .isInstanceOf(ConcurrencyFailureException.class);

        assertThat(parkedOf(orderId))
                .extracting(ParkedEvent::eventId)
                .as("the first one is still parked: the failed transaction removed nothing")
                .containsExactly(orderId + ":a");
    }

    @Test
    void a_sweep_skips_parked_events_another_transaction_holds() throws Exception {
        String orderId = newId();
        Instant longAgo = NOW.minusSeconds(3600);
        transactions.executeWithoutResult(
                tx -> parkedEvents.insert(List.of(parked(orderId + ":held", orderId, 1L, longAgo))));
        long id = transactions
                .execute(tx -> parkedEvents.ofOrder(orderId))
                .getFirst()
                .id();

        try (var holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (var lock = holder.prepareStatement("SELECT id FROM parked_events WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, id);
                lock.executeQuery().close();
            }
            List<ParkedEvent> stale = stale();
            assertThat(stale).extracting(ParkedEvent::eventId).doesNotContain(orderId + ":held");
            holder.rollback();
        }
        assertThat(stale()).extracting(ParkedEvent::eventId).contains(orderId + ":held");
    }

    private List<ParkedEvent> parkedOf(String orderId) {
        return transactions.execute(tx -> parkedEvents.ofOrder(orderId));
    }

    private List<ParkedEvent> stale() {
        return transactions.execute(tx -> parkedEvents.lockStale(NOW, 500));
    }

    private static Order order(String orderId, OrderStatus status) {
        return order(orderId, status, null);
    }

    /** A complete order, every optional column set, when {@code approvedAt} is given. */
    private static Order order(String orderId, OrderStatus status, OffsetDateTime approvedAt) {
        boolean complete = approvedAt != null;
        return new Order(
                orderId,
                status,
                15_000,
                "KRW",
                "Coffee beans 1kg",
                "a".repeat(64),
                complete ? "Kim" : null,
                complete ? "kim@example.com" : null,
                complete ? "pk_1" : null,
                complete ? "reason" : null,
                approvedAt,
                NOW.plusSeconds(1800).truncatedTo(ChronoUnit.MICROS),
                complete ? "가상계좌" : null,
                complete
                        ? new VirtualAccount(
                                "20", "X1234567890123", "Kim", OffsetDateTime.parse("2026-11-27T06:00:00.123456Z"))
                        : null,
                complete ? "b".repeat(64) : null,
                0,
                Map.of());
    }

    private static Order with(Order order, OrderStatus status) {
        return new Order(
                order.orderId(),
                status,
                order.amount(),
                order.currency(),
                order.orderName(),
                order.tokenHash(),
                order.customerName(),
                order.customerEmail(),
                order.paymentKey(),
                order.reason(),
                order.approvedAt(),
                order.expiresAt(),
                order.method(),
                order.virtualAccount(),
                order.depositSecretHash(),
                order.refundedAmount(),
                order.refunds());
    }

    private static TimelineEntry entry(String orderId, long offset) {
        return new TimelineEntry(
                orderId,
                orderId + "-" + offset,
                "payment.checkout.started",
                "/api-edge",
                "APPLIED",
                null,
                OrderStatus.IN_PROGRESS,
                0,
                offset);
    }

    private StoredOrder load(String orderId) {
        return transactions.execute(tx -> orders.load(List.of(orderId))).get(orderId);
    }

    private Instant updatedAt(String orderId) {
        return jdbc().sql("SELECT updated_at FROM orders WHERE order_id = ?")
                .param(orderId)
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
    }

    private List<Long> timelineOffsets(String orderId) {
        return jdbc().sql("SELECT kafka_offset FROM order_timeline WHERE order_id = ? ORDER BY id")
                .param(orderId)
                .query(Long.class)
                .list();
    }

    private long count(String sql) {
        return jdbc().sql(sql).query(Long.class).single();
    }

    private JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    private static String newId() {
        return "ord-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static ParkedEvent parked(String eventId, String orderId, long offset, Instant parkedAt) {
        return new ParkedEvent(
                null, eventId, orderId, "payment.checkout.started", new byte[] {1}, 0, offset, parkedAt, FINGERPRINT);
    }
}
