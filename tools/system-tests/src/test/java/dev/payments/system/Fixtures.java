package dev.payments.system;

import dev.payments.schemas.CheckoutStarted;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.PgResult.Channel;
import dev.payments.schemas.PgResult.Outcome;
import dev.payments.schemas.TokenHash;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** An Object Mother for events as a shop's producer would write them. */
final class Fixtures {

    static final String SHOP = "/shop-test";
    static final long AMOUNT = 15_000;

    private Fixtures() {}

    static String newOrderId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 18);
    }

    static String tokenFor(String orderId) {
        return "token-" + orderId;
    }

    /**
     * What the edge would have handed the shop for an order the shop issued through Kafka ({@link #issued}): its token
     * and the successUrl and failUrl carrying it, for the PG's window to send the browser back to.
     */
    static EdgeClient.IssuedOrder issuedOrder(String orderId) {
        String token = EdgeClient.encode(tokenFor(orderId));
        return new EdgeClient.IssuedOrder(
                orderId,
                tokenFor(orderId),
                "https://pay.shop.test/pg/success?orderId=" + orderId + "&token=" + token,
                "https://pay.shop.test/pg/fail?orderId=" + orderId + "&token=" + token);
    }

    static CloudEvent<EventData> event(EventData data) {
        return CloudEvent.of(UUID.randomUUID().toString(), SHOP, Instant.now(), data);
    }

    static CloudEvent<EventData> issued(String orderId) {
        return issued(orderId, AMOUNT, "Coffee beans");
    }

    static CloudEvent<EventData> issued(String orderId, long amount, String orderName) {
        return issued(orderId, amount, orderName, Instant.now().plus(30, ChronoUnit.MINUTES));
    }

    static CloudEvent<EventData> issued(String orderId, long amount, String orderName, Instant expiresAt) {
        return event(new OrderIssued(
                orderId, amount, "KRW", orderName, TokenHash.of(tokenFor(orderId)), expiresAt, null, null));
    }

    static CloudEvent<EventData> checkout(String orderId) {
        return event(new CheckoutStarted(orderId, tokenFor(orderId)));
    }

    static CloudEvent<EventData> success(String orderId) {
        return success(orderId, "pk-" + orderId, AMOUNT);
    }

    static CloudEvent<EventData> success(String orderId, String paymentKey, long amount) {
        return event(PgResult.success(orderId, tokenFor(orderId), Channel.REDIRECT, paymentKey, amount));
    }

    static CloudEvent<EventData> failure(String orderId, Outcome outcome, String code) {
        return event(PgResult.failure(orderId, outcome, tokenFor(orderId), Channel.REDIRECT, code, "test"));
    }
}
