package dev.payments.bench.pipeline;

import dev.payments.schemas.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;

/**
 * What the system has written so far: rows inserted, updated and deleted in PostgreSQL (its statistics, read once
 * the writers have closed their connections, which flushes them) and bytes in the logs of the three payment topics.
 */
public record Footprint(long rowsWritten, long kafkaBytes) {

    static final Set<String> TOPICS = Set.of(Topics.ORDER_EVENTS, Topics.COMPLETIONS, Topics.ORDER_EVENTS_DLT);

    static Footprint now(String jdbcUrl, String bootstrapServers) {
        return new Footprint(rowsWritten(jdbcUrl), kafkaBytes(bootstrapServers));
    }

    Footprint minus(Footprint before) {
        return new Footprint(rowsWritten - before.rowsWritten, kafkaBytes - before.kafkaBytes);
    }

    private static long rowsWritten(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read PostgreSQL's statistics", e);
        }
    }

    private static long kafkaBytes(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(n -> n.id())
                    .toList();
            long bytes = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers)
                    .allDescriptions()
                    .get(30, TimeUnit.SECONDS)
                    .values()) {
                for (LogDirDescription dir : dirs.values()) {
                    bytes += dir.replicaInfos().entrySet().stream()
                            .filter(e -> TOPICS.contains(e.getKey().topic()))
                            .mapToLong(e -> e.getValue().size())
                            .sum();
                }
            }
            return bytes;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the sizes of Kafka's logs", e);
        }
    }
}
