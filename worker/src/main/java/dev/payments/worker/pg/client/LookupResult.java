package dev.payments.worker.pg.client;

/** What the PG answered to a payment look-up. */
public sealed interface LookupResult {

    record Found(TossPayment payment) implements LookupResult {}

    /** 404 NOT_FOUND_PAYMENT: the PG knows no such payment. */
    record NotFound() implements LookupResult {}

    /** No definitive answer: retry later. */
    record Transient(String reason) implements LookupResult {}
}
