package dev.payments.faults.check;

import static org.awaitility.Awaitility.await;

import dev.payments.faults.stack.ProcessStack;
import dev.payments.schemas.EventType;
import dev.payments.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole input topic replayed from offset 0: a worker in a fresh consumer group (no committed offsets, so it starts
 * from the earliest record) reads every record of {@code payments.order-events} against the same database. Afterwards
 * nothing may have changed: every order's and refund's row as before, no new record on {@code payments.completions}, no
 * new approval and no new cancel at the PG.
 *
 * <p>One kind of record may be written again: a money anomaly the PG still reports. A webhook is only a hint, which the
 * worker never takes for done, so the replay reads the PG again for every webhook; a deposit reversed after its order
 * completed is then reported again, under the id it already had ({@code <orderId>:anomaly:DEPOSIT_REVERSED}), which a
 * shop's consumer takes for the record it has. Such a record is counted apart; any other, or an anomaly under an id
 * not written before, is a new record.
 */
public final class ReplayCheck {

    /**
     * @param records records of the topic the fresh group read
     * @param changedOrders orders whose status, reason, paymentKey, refunded amount or version changed, and refunds
     *     whose status or amount changed or that are new
     * @param newCompletions records written to {@code payments.completions} during the replay (refund records
     *     included), but for anomalies reported again under an id written before
     * @param anomaliesReportedAgain anomaly records written during the replay under an id written before
     * @param newApprovals approvals the PG made during the replay
     * @param newCancels cancels the PG made during the replay
     * @param newTimelineRows timeline rows the replay added (one per record read: a duplicate, or refused again)
     */
    public record Result(
            long records,
            long changedOrders,
            long newCompletions,
            long anomaliesReportedAgain,
            long newApprovals,
            long newCancels,
            long newTimelineRows,
            Duration took) {

        public boolean nothingChanged() {
            return changedOrders == 0 && newCompletions == 0 && newApprovals == 0 && newCancels == 0;
        }

        public String table() {
            return """
                    | replay of payments.order-events from offset 0 into a fresh consumer group | |
                    |---|---|
                    | records replayed | %d in %.1f s |
                    | orders and refunds changed / new completion records / new approvals / new cancels | %d / %d / %d / %d (%s) |
                    | anomalies the PG still reports, recorded again under their ids | %d |
                    | timeline rows added (each replayed record recorded again: a duplicate, or refused again) | %d |
                    """.formatted(
                            records,
                            took.toMillis() / 1000.0,
                            changedOrders,
                            newCompletions,
                            newApprovals,
                            newCancels,
                            nothingChanged() ? "nothing changed" : "CHANGED",
                            anomaliesReportedAgain,
                            newTimelineRows);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProcessStack stack;

    public ReplayCheck(ProcessStack stack) {
        this.stack = stack;
    }

    public Result run(Duration timeout) {
        Map<String, String> ordersBefore = ordersAndRefunds(stack.jdbcUrl());
        Map<TopicPartition, Long> completionsBefore = endOffsetsOf(Topics.COMPLETIONS);
        long approvalsBefore = ledgerTotal(stack.sandboxUrl(), "approvals");
        long cancelsBefore = ledgerTotal(stack.sandboxUrl(), "cancels");
        long timelineBefore = count("SELECT count(*) FROM order_timeline");
        String group = "payments-replay-" + Instant.now().toEpochMilli();
        Instant start = Instant.now();
        ProcessStack.Worker replay = stack.startWorker(group);
        long records;
        try {
            await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> caughtUp(stack.bootstrapServers(), group));
            records = endOffsets(Topics.ORDER_EVENTS);
            await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> count("SELECT count(*) FROM outbox_messages") == 0);
        } finally {
            replay.process().stop();
        }
        Duration took = Duration.between(start, Instant.now());
        Map<String, String> ordersAfter = ordersAndRefunds(stack.jdbcUrl());
        long changed = ordersAfter.entrySet().stream()
                .filter(e -> !e.getValue().equals(ordersBefore.get(e.getKey())))
                .count();
        List<Written> written = TopicReader.read(
                stack.bootstrapServers(),
                Topics.COMPLETIONS,
                key -> true,
                r -> {
                    JsonNode value = JSON.readTree(r.value());
                    return new Written(
                            new TopicPartition(r.topic(), r.partition()),
                            r.offset(),
                            value.path("id").asString(""),
                            value.path("type").asString(""));
                },
                Duration.ofMinutes(5));
        WrittenDuring during = writtenDuring(completionsBefore, written);
        return new Result(
                records,
                changed,
                during.newRecords(),
                during.anomaliesReportedAgain(),
                ledgerTotal(stack.sandboxUrl(), "approvals") - approvalsBefore,
                ledgerTotal(stack.sandboxUrl(), "cancels") - cancelsBefore,
                count("SELECT count(*) FROM order_timeline") - timelineBefore,
                took);
    }

    /** A record of {@code payments.completions}: where it is, its id and type. */
    record Written(TopicPartition partition, long offset, String id, String type) {}

    /** What the replay wrote to {@code payments.completions}: see the class documentation. */
    record WrittenDuring(long newRecords, long anomaliesReportedAgain) {}

    /**
     * Splits the records of {@code payments.completions} at the end offsets it had before the replay: of those written
     * during it, the anomalies under an id written before are reported again; every other one is new.
     */
    static WrittenDuring writtenDuring(Map<TopicPartition, Long> endsBefore, List<Written> written) {
        Set<String> before = new HashSet<>();
        List<Written> during = new ArrayList<>();
        for (Written w : written) {
            if (w.offset() < endsBefore.getOrDefault(w.partition(), 0L)) {
                before.add(w.id());
            } else {
                during.add(w);
            }
        }
        long reportedAgain = during.stream()
                .filter(w -> w.type().equals(EventType.ORDER_ANOMALY.type()) && before.contains(w.id()))
                .count();
        return new WrittenDuring(during.size() - reportedAgain, reportedAgain);
    }

    /** Whether {@code group} has committed an offset at the end of every non-empty partition of the input topic. */
    static boolean caughtUp(String bootstrapServers, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> end = ends(admin, Topics.ORDER_EVENTS);
            return end.entrySet().stream()
                    .allMatch(e -> e.getValue() == 0
                            || (committed.get(e.getKey()) != null
                                    && committed.get(e.getKey()).offset() >= e.getValue()));
        }
    }

    private long endOffsets(String topic) {
        return endOffsetsOf(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> endOffsetsOf(String topic) {
        try (Admin admin = admin()) {
            return ends(admin, topic);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the end offsets of " + topic, e);
        }
    }

    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        List<TopicPartition> partitions = admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        return admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all()
                .get(10, TimeUnit.SECONDS)
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    /** One of the PG ledger's totals over every order. */
    static long ledgerTotal(String sandboxUrl, String counter) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/v1/ledger"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path(counter).asLong(0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not read the PG ledger", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every order's and refund's row, as one string each: what tells whether something changed them. */
    static Map<String, String> ordersAndRefunds(String jdbcUrl) {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement("""
                        SELECT order_id, concat_ws('|', status, reason, payment_key, refunded_amount, version) FROM orders
                        UNION ALL
                        SELECT order_id || ':refund:' || refund_id, concat_ws('|', status, amount) FROM refunds""");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the orders and refunds", e);
        }
        return rows;
    }

    private long count(String sql) {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl());
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }
}
