package dev.payments.edge.readmodel;

/** Who reads an order: the merchant (its API key checked) or a buyer holding what it presents as the order's token. */
sealed interface Reader {

    record Merchant() implements Reader {}

    record Buyer(String token) implements Reader {}
}
