package dev.payments.edge.pg;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Toss-format webhooks as the PG sends them, and their signatures computed independently of the edge's code. */
final class TossWebhooks {

    static final String TRANSMISSION_ID = "tosspayments-webhook-transmission-id";
    static final String TRANSMISSION_TIME = "tosspayments-webhook-transmission-time";
    static final String RETRIED_COUNT = "tosspayments-webhook-transmission-retried-count";
    static final String SIGNATURE = "tosspayments-webhook-signature";

    /** A transmission time long past: a webhook signed with it is stale. */
    static final String STALE_TIME = "2024-02-13T12:18:14.123456+09:00";

    static final String APPROVED_AT = "2024-02-13T12:18:10+09:00";

    /** The virtual account's secret in the deposit callbacks below: published in the hint, never logged or answered. */
    static final String DEPOSIT_SECRET = "ps_Dep0s1tS3cretNeverPublished7q";

    private static final DateTimeFormatter TRANSMISSION_TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private TossWebhooks() {}

    /** A transmission time as the PG writes it (Korean time), {@code offset} from now. */
    static String timeFromNow(Duration offset) {
        return TRANSMISSION_TIME_FORMAT.format(Instant.now().plus(offset).atOffset(ZoneOffset.ofHours(9)));
    }

    /** The transmission time of a webhook sent now. */
    static String now() {
        return timeFromNow(Duration.ZERO);
    }

    /** The headers of a delivery as name/value pairs; a null value leaves its header out. */
    static String[] headers(String transmissionId, String time, String signature) {
        List<String> headers = new ArrayList<>();
        if (transmissionId != null) {
            headers.addAll(List.of(TRANSMISSION_ID, transmissionId));
        }
        if (time != null) {
            headers.addAll(List.of(TRANSMISSION_TIME, time));
        }
        if (signature != null) {
            headers.addAll(List.of(SIGNATURE, signature));
        }
        headers.addAll(List.of(RETRIED_COUNT, "0"));
        return headers.toArray(String[]::new);
    }

    /** A PAYMENT_STATUS_CHANGED webhook with a complete card Payment object (receipt, checkout, failure, ...). */
    static String paymentStatusChanged(String orderId, String paymentKey, String status, long totalAmount) {
        return """
                {"eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2024-02-13T12:18:14.000000","data":{\
                "mId":"tvivarepublica","lastTransactionKey":"9C62B18EEF0DE3EB7F4422EB6D14BC6E",\
                "paymentKey":"%s","orderId":"%s","orderName":"Coffee beans 1kg and 2 more",\
                "taxExemptionAmount":0,"status":"%s","requestedAt":"2024-02-13T12:17:57+09:00",\
                "approvedAt":"%s","useEscrow":false,"cultureExpense":false,\
                "card":{"issuerCode":"71","acquirerCode":"71","number":"43301234****123*","installmentPlanMonths":0,\
                "isInterestFree":false,"interestPayer":null,"approveNo":"00000000","useCardPoint":false,\
                "cardType":"신용","ownerType":"개인","acquireStatus":"READY","amount":%d},\
                "virtualAccount":null,"transfer":null,"mobilePhone":null,"giftCertificate":null,"cashReceipt":null,\
                "cashReceipts":null,"discount":null,"cancels":null,"secret":"%s",\
                "type":"NORMAL","easyPay":{"provider":"토스페이","amount":0,"discountAmount":0},"country":"KR",\
                "failure":null,"isPartialCancelable":true,\
                "receipt":{"url":"https://dashboard.example/receipt/redirection?transactionId=%s&ref=PX"},\
                "checkout":{"url":"https://api.example/v1/payments/%s/checkout"},"currency":"KRW",\
                "totalAmount":%d,"balanceAmount":%d,"suppliedAmount":%d,"vat":%d,"taxFreeAmount":0,\
                "method":"간편결제","version":"2022-11-16","metadata":null}}""".formatted(
                        paymentKey,
                        orderId,
                        status,
                        APPROVED_AT,
                        totalAmount,
                        CARD_SECRET,
                        paymentKey,
                        paymentKey,
                        totalAmount,
                        totalAmount,
                        totalAmount - totalAmount / 11,
                        totalAmount / 11);
    }

    /** The secret of the card payment in {@link #paymentStatusChanged}. */
    static final String CARD_SECRET = "ps_Z1aOwX7K8mj4l6Jeb1yVyQpvxgdP";

    /**
     * A PAYMENT_STATUS_CHANGED webhook of a virtual-account (가상계좌) Payment, as Toss sends it when the deposit
     * arrives: its {@code secret} is the one the deposit callbacks below carry.
     */
    static String virtualAccountStatusChanged(String orderId, String paymentKey, String status, long totalAmount) {
        return """
                {"eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2024-02-13T12:18:14.000000","data":{\
                "mId":"tvivarepublica","lastTransactionKey":"9FF15E1A29D0E77C218F57262BFA4986",\
                "paymentKey":"%s","orderId":"%s","orderName":"Coffee beans 1kg","status":"%s",\
                "requestedAt":"2024-02-13T12:17:57+09:00","approvedAt":"%s","type":"NORMAL","card":null,\
                "virtualAccount":{"accountType":"일반","accountNumber":"X6505636518308","bankCode":"20",\
                "customerName":"김토스","dueDate":"2024-02-20T12:17:57+09:00","refundStatus":"NONE",\
                "expired":false,"settlementStatus":"INCOMPLETED","refundReceiveAccount":null},\
                "secret":"%s","currency":"KRW","totalAmount":%d,"balanceAmount":%d,"method":"가상계좌",\
                "version":"2022-11-16","cancels":null,"failure":null,"country":"KR"}}""".formatted(paymentKey, orderId, status, APPROVED_AT, DEPOSIT_SECRET, totalAmount, totalAmount);
    }

    /** A minimal PAYMENT_STATUS_CHANGED webhook whose Payment object is {@code paymentJson}. */
    static String withData(String paymentJson) {
        return "{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"createdAt\":\"2024-02-13T12:18:14.000000\",\"data\":"
                + paymentJson + "}";
    }

    /** A flat DEPOSIT_CALLBACK, as Toss sends it: no eventType, no paymentKey, the virtual account's secret. */
    static String depositCallback(String orderId, String status) {
        return """
                {"createdAt":"2024-02-13T12:18:14.000000","secret":"%s","status":"%s",\
                "transactionKey":"9FF15E1A29D0E77C218F57262BFA4986","orderId":"%s"}""".formatted(DEPOSIT_SECRET, status, orderId);
    }

    /** A DEPOSIT_CALLBACK wrapped in {@code {"eventType":"DEPOSIT_CALLBACK","data":{…}}}, as some merchants see it. */
    static String wrappedDepositCallback(String orderId, String status) {
        return "{\"eventType\":\"DEPOSIT_CALLBACK\",\"createdAt\":\"2024-02-13T12:18:14.000000\",\"data\":"
                + depositCallback(orderId, status) + "}";
    }

    /** {@code v1:} + base64(HMAC-SHA256(secret, body + ":" + transmissionTime)), as the PG computes it. */
    static String signature(String secret, String body, String transmissionTime) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] hmac = mac.doFinal((body + ":" + transmissionTime).getBytes(StandardCharsets.UTF_8));
            return "v1:" + Base64.getEncoder().encodeToString(hmac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String newTransmissionId() {
        return "wh_" + UUID.randomUUID().toString().replace("-", "");
    }
}
