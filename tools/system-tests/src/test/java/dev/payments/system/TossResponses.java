package dev.payments.system;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Toss-shaped response bodies (see pg-reference.md), templated by WireMock from the request, and webhooks. */
final class TossResponses {

    /** A webhook's {@code tosspayments-webhook-transmission-time}, in Korean time as Toss writes its times. */
    private static final DateTimeFormatter TRANSMISSION_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS+09:00").withZone(ZoneOffset.ofHours(9));

    /** The approved Payment object for the confirm request's paymentKey, orderId and amount. */
    static final String DONE_TEMPLATE = """
            {"mId":"tosspayments","version":"2022-11-16",
             "paymentKey":"{{jsonPath request.body '$.paymentKey'}}","type":"NORMAL",
             "orderId":"{{jsonPath request.body '$.orderId'}}","orderName":"test order","currency":"KRW",
             "method":"카드","totalAmount":{{jsonPath request.body '$.amount'}},
             "balanceAmount":{{jsonPath request.body '$.amount'}},"status":"DONE",
             "requestedAt":"2026-11-23T19:15:00+09:00","approvedAt":"2026-11-23T19:15:31+09:00",
             "lastTransactionKey":"txn-1","vat":0,"taxFreeAmount":0,"cancels":null,"failure":null,"country":"KR"}""";

    static String payment(String orderId, String paymentKey, long amount, String status) {
        return """
                {"mId":"tosspayments","version":"2022-11-16","paymentKey":"%s","type":"NORMAL","orderId":"%s",
                 "orderName":"test order","currency":"KRW","method":"카드","totalAmount":%d,"balanceAmount":%d,
                 "status":"%s","requestedAt":"2026-11-23T19:15:00+09:00","approvedAt":"2026-11-23T19:15:31+09:00",
                 "country":"KR"}""".formatted(paymentKey, orderId, amount, amount, status);
    }

    /** A PAYMENT_STATUS_CHANGED webhook body carrying the Payment object. */
    static String statusChangedWebhook(String orderId, String paymentKey, long amount, String status) {
        return "{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"createdAt\":\"2026-11-23T19:15:31.000000\",\"data\":"
                + payment(orderId, paymentKey, amount, status) + "}";
    }

    /**
     * Toss's flat {@code DEPOSIT_CALLBACK}: no {@code eventType}, no {@code data}, no {@code paymentKey}; the payment's
     * {@code secret} is its only proof ({@code secret} null: a callback without one).
     */
    static String depositCallback(String orderId, String secret, String status) {
        return """
                {"createdAt":"2026-11-23T19:15:31.000000",%s"status":"%s",\
                "transactionKey":"txrd_forged","orderId":"%s"}""".formatted(secret == null ? "" : "\"secret\":\"" + secret + "\",", status, orderId);
    }

    /** The transmission time of a webhook sent at {@code at}. */
    static String transmissionTime(Instant at) {
        return TRANSMISSION_TIME.format(at);
    }

    /** {@code v1:} + base64(HMAC-SHA256(secret, body + ":" + transmissionTime)), as Toss signs webhooks. */
    static String signature(String secret, String body, String transmissionTime) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest =
                    mac.doFinal((body + ":" + transmissionTime).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "v1:" + java.util.Base64.getEncoder().encodeToString(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String error(String code, String message) {
        return "{\"code\":\"%s\",\"message\":\"%s\"}".formatted(code, message);
    }

    private TossResponses() {}
}
