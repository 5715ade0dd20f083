package dev.payments.sandbox.payment;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Toss's time formats: Korean time, {@code yyyy-MM-dd'T'HH:mm:ss+09:00} in objects. */
public final class TossTime {

    public static final ZoneOffset KST = ZoneOffset.ofHours(9);

    private static final DateTimeFormatter OBJECT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter WEBHOOK_CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TRANSMISSION =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
    private static final DateTimeFormatter KEY_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private TossTime() {}

    /** {@code 2022-06-08T15:40:49+09:00}, as in requestedAt, approvedAt, canceledAt; null for null. */
    public static String format(Instant instant) {
        return instant == null ? null : OBJECT.format(instant.atOffset(KST));
    }

    /** A webhook's {@code createdAt}: {@code 2022-01-01T00:00:00.000000} (Korean time, no offset). */
    public static String webhookCreatedAt(Instant instant) {
        return WEBHOOK_CREATED.format(instant.atOffset(KST));
    }

    /** The {@code tosspayments-webhook-transmission-time} header (format unconfirmed at Toss). */
    public static String transmissionTime(Instant instant) {
        return TRANSMISSION.format(instant.atOffset(KST));
    }

    static String keyStamp(Instant instant) {
        return KEY_STAMP.format(instant.atOffset(KST));
    }
}
