package dev.payments.shop.checkout;

import java.util.Arrays;
import java.util.Optional;

/**
 * The payment methods the buyer may choose on the product page, each with the name Toss's {@code requestPayment}
 * takes (the original design's list: 카드, 가상계좌, 간편결제, 계좌이체).
 */
enum PaymentMethod {
    CARD("카드", "Card"),
    VIRTUAL_ACCOUNT("가상계좌", "Virtual account"),
    EASY_PAY("간편결제", "Easy pay"),
    TRANSFER("계좌이체", "Bank transfer");

    /** What the product page offers when the buyer chooses nothing (and what a form without a method means). */
    static final PaymentMethod DEFAULT = CARD;

    private final String tossName;
    private final String english;

    PaymentMethod(String tossName, String english) {
        this.tossName = tossName;
        this.english = english;
    }

    /** The method's name as {@code requestPayment} takes it, e.g. {@code 가상계좌}. */
    String tossName() {
        return tossName;
    }

    /** How the shop's pages name it, e.g. {@code 가상계좌 (Virtual account)}. */
    String label() {
        return tossName + " (" + english + ")";
    }

    /** The method a form names by its constant ({@code VIRTUAL_ACCOUNT}); none named is the default one. */
    static Optional<PaymentMethod> fromForm(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of(DEFAULT);
        }
        return Arrays.stream(values()).filter(m -> m.name().equals(name)).findFirst();
    }
}
