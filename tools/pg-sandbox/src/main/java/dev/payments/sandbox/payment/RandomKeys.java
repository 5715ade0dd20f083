package dev.payments.sandbox.payment;

import java.security.SecureRandom;
import java.time.Instant;

/** Toss-looking random keys: paymentKey, transaction keys, secrets, test account numbers. */
final class RandomKeys {

    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] DIGITS = "0123456789".toCharArray();
    private static final char[] LOWER = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomKeys() {}

    /** Like Toss's {@code tviva20240101123456AbCdE}: a 5-letter prefix, the Korean time, random characters. */
    static String paymentKey(Instant now) {
        return "tsbox" + TossTime.keyStamp(now) + random(ALPHANUMERIC, 8);
    }

    /** Like Toss's {@code txrd_a01kaj00e2mrrpmscg7w050d8g7}. */
    static String transactionKey() {
        return "txrd_" + random(LOWER, 27);
    }

    /** A cancel's receipt key (Toss's shape is undocumented). */
    static String receiptKey() {
        return "rcpt_" + random(LOWER, 27);
    }

    /** Like Toss's test virtual accounts ({@code X6505636518308}): an X, then digits. */
    static String accountNumber() {
        return "X" + random(DIGITS, 13);
    }

    static String secret() {
        return "ps_" + random(ALPHANUMERIC, 24);
    }

    private static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
