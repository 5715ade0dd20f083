package dev.payments.worker.pg.client;

/** What the PG answered to a confirm (docs/contract.md §5). */
public sealed interface ConfirmResult {

    /**
     * 200: the payment as the PG holds it after the confirm. It is believed only for the payment asked about, and its
     * status decides: DONE is an approval, any other status is mapped explicitly by the caller.
     */
    record Answered(TossPayment payment) implements ConfirmResult {}

    /** A definitive refusal (card rejected, session expired, ...), with the PG's code and message. */
    record Rejected(String code, String message) implements ConfirmResult {}

    /** 400 ALREADY_PROCESSED_PAYMENT: the payment was confirmed before; look it up to learn how it ended. */
    record AlreadyProcessed() implements ConfirmResult {}

    /** No definitive answer (timeout, I/O error, 5xx, 409, 429, our own misconfiguration): retry later. */
    record Transient(String reason) implements ConfirmResult {}
}
