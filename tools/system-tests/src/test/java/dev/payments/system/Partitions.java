package dev.payments.system;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;

/** Which partition the default partitioner picks for a key, so a test can put two orders side by side. */
final class Partitions {

    private Partitions() {}

    static int of(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PaymentsStack.PARTITIONS;
    }

    /** A fresh orderId that lands on the same partition as {@code key}. */
    static String orderIdOnPartitionOf(String key, String prefix) {
        int partition = of(key);
        while (true) {
            String candidate = prefix + "-" + UUID.randomUUID().toString().substring(0, 18);
            if (of(candidate) == partition) {
                return candidate;
            }
        }
    }
}
