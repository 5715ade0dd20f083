package dev.payments.schemas;

import java.util.Locale;

/**
 * A payment's status at the PG (Toss Payments {@code Payment.status}). Events carry it as the PG's string, so a status
 * the PG adds later still travels; readers map it with {@link #of}, which names anything unknown {@link #OTHER}
 * instead of failing, and dispatch on the enum.
 */
public enum PgPaymentStatus {
    /** The payment window is open; nothing authenticated yet. */
    READY,
    /** The buyer authenticated; the merchant's confirm completes it. */
    IN_PROGRESS,
    /** A virtual account was issued; the buyer's transfer is pending. */
    WAITING_FOR_DEPOSIT,
    /** Approved: the money moved. */
    DONE,
    /** Cancelled in full. */
    CANCELED,
    /** Cancelled in part (possibly down to a balance of 0). */
    PARTIAL_CANCELED,
    /** The approval failed. */
    ABORTED,
    /** The payment window or the confirm window ran out. */
    EXPIRED,
    /** A status this version does not know (or none): never decided on. */
    OTHER;

    /** The status named by the PG's string; {@link #OTHER} for null, blank or unknown values. */
    public static PgPaymentStatus of(String status) {
        if (status == null || status.isBlank()) {
            return OTHER;
        }
        try {
            return valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return OTHER;
        }
    }
}
