package dev.payments.sandbox.payment;

import java.util.Locale;

/**
 * The payment methods the sandbox simulates, with the Korean string Toss writes in {@code method} and the English name
 * its SDK also accepts. Only a virtual account passes through WAITING_FOR_DEPOSIT; the others confirm to DONE.
 */
public enum Method {
    CARD("카드"),
    VIRTUAL_ACCOUNT("가상계좌"),
    EASY_PAY("간편결제"),
    TRANSFER("계좌이체"),
    MOBILE_PHONE("휴대폰");

    private final String korean;

    Method(String korean) {
        this.korean = korean;
    }

    /** The {@code method} value of a Payment object. */
    public String korean() {
        return korean;
    }

    /** The method named in Korean or in English (any case), or null when unknown or blank. */
    public static Method of(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String stripped = name.strip();
        for (Method method : values()) {
            if (method.korean.equals(stripped) || method.name().equals(stripped.toUpperCase(Locale.ROOT))) {
                return method;
            }
        }
        return null;
    }
}
