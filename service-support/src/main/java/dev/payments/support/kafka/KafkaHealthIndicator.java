package dev.payments.support.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP when the brokers answer a cluster description within the timeout; the edge cannot take requests otherwise. */
class KafkaHealthIndicator extends AbstractHealthIndicator {

    private final AdminClient admin;
    private final Duration timeout;

    KafkaHealthIndicator(AdminClient admin, Duration timeout) {
        super("Kafka health check failed");
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        long waitMs = timeout.toMillis() + 500;
        String clusterId = cluster.clusterId().get(waitMs, TimeUnit.MILLISECONDS);
        int nodes = cluster.nodes().get(waitMs, TimeUnit.MILLISECONDS).size();
        builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
    }
}
