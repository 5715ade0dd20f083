package dev.payments.worker.order.processing;

import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.TokenHash;
import dev.payments.schemas.WorkerEventProof;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * What an event says, as the event-id log keeps it beside the id it claims: lower-case hex SHA-256 of its type and its
 * data's canonical form ({@link WorkerEventProof#canonicalData}). Its time, source and proof are not part of it: the
 * sweeper sends an expiry again under its id with a new time, and that is the same event. An issuance's
 * {@code expiresAt} is left out too: a retried issuance may carry another one (docs/contract.md §2).
 */
final class EventFingerprint {

    private EventFingerprint() {}

    static String of(CloudEvent<? extends EventData> event) {
        EventData content = event.data() instanceof OrderIssued issued ? withoutExpiry(issued) : event.data();
        String text = event.type() + "\n" + WorkerEventProof.canonicalData(content);
        return HexFormat.of().formatHex(TokenHash.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether an event with {@code fingerprint} repeats the one that left {@code recorded} (null: recorded before fingerprints were kept, so any content matches). */
    static boolean matches(String recorded, String fingerprint) {
        return recorded == null || recorded.equals(fingerprint);
    }

    private static OrderIssued withoutExpiry(OrderIssued issued) {
        return new OrderIssued(
                issued.orderId(),
                issued.amount(),
                issued.currency(),
                issued.orderName(),
                issued.tokenHash(),
                null,
                issued.customerName(),
                issued.customerEmail());
    }
}
