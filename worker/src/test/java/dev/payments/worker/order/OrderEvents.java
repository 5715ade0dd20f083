package dev.payments.worker.order;

import dev.payments.schemas.CheckoutStarted;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.OrderAnomaly;
import dev.payments.schemas.OrderAwaitingDeposit;
import dev.payments.schemas.OrderCompleted;
import dev.payments.schemas.OrderExpire;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.PgRefund;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.PgResult.Channel;
import dev.payments.schemas.PgResult.Outcome;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.PgStatus.Verification;
import dev.payments.schemas.RefundCompleted;
import dev.payments.schemas.RefundReceiveAccount;
import dev.payments.schemas.RefundRequested;
import dev.payments.schemas.VirtualAccount;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Object Mother for the event data of one order: the events a shop, a buyer, the PG and the worker send. */
final class OrderEvents {

    static final String ORDER_ID = "order-20261123-0001";
    static final long AMOUNT = 15_000L;
    static final String CURRENCY = "KRW";
    static final String ORDER_NAME = "Coffee beans 1kg";

    /** The buyer's CSRF token; only its hash travels with the issuance. */
    static final String TOKEN = "csrf-token-of-the-buyer";
    /** sha256(TOKEN) in lower-case hex, computed outside the code under test. */
    static final String TOKEN_HASH = "745a4aeed5e23a7b50f30bc0e70f44f3336ef32e330f451f04723212b1edac46";

    static final String WRONG_TOKEN = "csrf-token-of-somebody-else";

    static final String PAYMENT_KEY = "tgen_20261123_payment_1";
    static final String OTHER_PAYMENT_KEY = "tgen_20261123_payment_2";

    static final Instant ISSUED_AT = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant EXPIRES_AT = ISSUED_AT.plus(Duration.ofMinutes(30));
    /** When the fixtures' events are decided: well before expiry. */
    static final Instant NOW = ISSUED_AT.plus(Duration.ofMinutes(5));

    static final OffsetDateTime APPROVED_AT = OffsetDateTime.parse("2026-11-23T19:06:12+09:00");
    /** The approval time the PG reports in a payment status: distinct from the confirm's, to see which one is kept. */
    static final OffsetDateTime PG_APPROVED_AT = OffsetDateTime.parse("2026-11-23T19:07:45+09:00");

    static final String REFUND_ID = "refund-20261123-1";
    static final String REFUND_REASON = "size exchange";
    static final long PART_OF_AMOUNT = 5_000L;

    static final String WEBHOOK_TRANSMISSION_ID = "wh_20261123_transmission_1";

    /** How the PG names a virtual account (가상계좌), spelled out here rather than taken from the code under test. */
    static final String VIRTUAL_ACCOUNT = "가상계좌";
    /** The deposit deadline of the order's virtual account: three days after issue, long after its expiresAt. */
    static final OffsetDateTime DUE_DATE = OffsetDateTime.parse("2026-11-26T19:00:00+09:00");

    static final VirtualAccount ACCOUNT = new VirtualAccount("20", "X1234567890123", "Kim Minji", DUE_DATE);
    /** The virtual account's secret, which the PG's deposit callbacks carry; only its hash is kept. */
    static final String DEPOSIT_SECRET = "ps_secret-of-the-virtual-account";
    /** sha256(DEPOSIT_SECRET) in lower-case hex, computed outside the code under test. */
    static final String DEPOSIT_SECRET_HASH = "c9bb0ac64eb9998719fb33e9326dad44596593a18372e63bbf91b577772cd263";

    static final String WRONG_SECRET = "ps_secret-somebody-guessed";
    /** The buyer's own account, for the refund of a deposited virtual account. */
    static final RefundReceiveAccount REFUND_ACCOUNT = new RefundReceiveAccount("88", "110123456789", "Kim Minji");

    /** Toss payment statuses, spelled out here rather than taken from the code under test. */
    static final String DONE = "DONE";

    static final String ABORTED = "ABORTED";
    static final String PG_EXPIRED = "EXPIRED";
    static final String CANCELED = "CANCELED";
    static final String PARTIAL_CANCELED = "PARTIAL_CANCELED";
    static final String PG_IN_PROGRESS = "IN_PROGRESS";
    static final String WAITING_FOR_DEPOSIT = "WAITING_FOR_DEPOSIT";

    private OrderEvents() {}

    /** {@code data} in an envelope written at {@code time}, as the consumer reads it. */
    static CloudEvent<EventData> envelope(EventData data, Instant time) {
        return CloudEvent.of("evt-" + ORDER_ID, EventSources.WORKER, time, data);
    }

    static OrderIssued issue() {
        return new OrderIssued(
                ORDER_ID, AMOUNT, CURRENCY, ORDER_NAME, TOKEN_HASH, EXPIRES_AT, "Kim Minji", "minji@example.com");
    }

    /** The shop retried the issuance: same order, a later expiry. */
    static OrderIssued retriedIssue() {
        return new OrderIssued(
                ORDER_ID,
                AMOUNT,
                CURRENCY,
                ORDER_NAME,
                TOKEN_HASH,
                EXPIRES_AT.plus(Duration.ofMinutes(7)),
                "Kim Minji",
                "minji@example.com");
    }

    static OrderIssued issueWithAmount(long amount) {
        return new OrderIssued(ORDER_ID, amount, CURRENCY, ORDER_NAME, TOKEN_HASH, EXPIRES_AT, null, null);
    }

    static OrderIssued issueWithCurrency(String currency) {
        return new OrderIssued(ORDER_ID, AMOUNT, currency, ORDER_NAME, TOKEN_HASH, EXPIRES_AT, null, null);
    }

    static OrderIssued issueWithOrderName(String orderName) {
        return new OrderIssued(ORDER_ID, AMOUNT, CURRENCY, orderName, TOKEN_HASH, EXPIRES_AT, null, null);
    }

    static OrderIssued issueWithTokenHash(String tokenHash) {
        return new OrderIssued(ORDER_ID, AMOUNT, CURRENCY, ORDER_NAME, tokenHash, EXPIRES_AT, null, null);
    }

    static CheckoutStarted checkoutStarted() {
        return checkoutStarted(TOKEN);
    }

    static CheckoutStarted checkoutStarted(String token) {
        return new CheckoutStarted(ORDER_ID, token);
    }

    static PgResult successRedirect() {
        return successRedirect(TOKEN, PAYMENT_KEY, AMOUNT);
    }

    static PgResult successRedirect(String token, String paymentKey, long amount) {
        return PgResult.success(ORDER_ID, token, Channel.REDIRECT, paymentKey, amount);
    }

    static PgResult successWebhook(String paymentKey) {
        return PgResult.success(ORDER_ID, TOKEN, Channel.WEBHOOK, paymentKey, AMOUNT);
    }

    static PgResult failure(String token, String code) {
        return PgResult.failure(ORDER_ID, Outcome.FAIL, token, Channel.REDIRECT, code, "card company refused");
    }

    static PgResult cancellation(String token, String code) {
        return PgResult.failure(ORDER_ID, Outcome.CANCEL, token, Channel.REDIRECT, code, "buyer closed the window");
    }

    static PgConfirmation approval(String paymentKey) {
        return PgConfirmation.approved(ORDER_ID, paymentKey, APPROVED_AT);
    }

    /** The confirm answered WAITING_FOR_DEPOSIT: the PG issued the virtual account, with its secret (or none). */
    static PgConfirmation awaitingDeposit(String paymentKey, String secret) {
        return PgConfirmation.awaitingDeposit(ORDER_ID, paymentKey, VIRTUAL_ACCOUNT, ACCOUNT, secret);
    }

    static PgConfirmation confirmRejection(String paymentKey, String code) {
        return PgConfirmation.rejected(ORDER_ID, paymentKey, code, "confirm refused");
    }

    /**
     * The PG's word on the payment: a webhook (signed or not) or the answer of a look-up. As in a real Toss payment,
     * only an approved (DONE) or later-cancelled payment carries an approval time, and only a webhook a transmission
     * id.
     */
    static PgStatus pgStatus(String status, String paymentKey, Long totalAmount, Verification verification) {
        boolean approved = DONE.equals(status) || CANCELED.equals(status) || PARTIAL_CANCELED.equals(status);
        return new PgStatus(
                ORDER_ID,
                paymentKey,
                status,
                totalAmount,
                approved ? PG_APPROVED_AT : null,
                verification,
                verification == Verification.LOOKUP ? null : WEBHOOK_TRANSMISSION_ID);
    }

    static PgStatus pgStatus(String status, Verification verification) {
        return pgStatus(status, PAYMENT_KEY, AMOUNT, verification);
    }

    /** A webhook's hint carrying {@code secret}, as a virtual account's deposit callback does. */
    static PgStatus hintWithSecret(String status, String secret) {
        return naming(pgStatus(status, Verification.NONE), secret, VIRTUAL_ACCOUNT);
    }

    /** A flat DEPOSIT_CALLBACK as a hint: an orderId, a status and the secret; no paymentKey, no amount. */
    static PgStatus depositCallback(String status, String secret) {
        return new PgStatus(
                ORDER_ID, null, status, null, null, Verification.NONE, WEBHOOK_TRANSMISSION_ID, null, secret, null);
    }

    /** The worker's look-up of the payment, naming the method the PG gave it. */
    static PgStatus lookup(String status, String method) {
        return naming(pgStatus(status, Verification.LOOKUP), null, method);
    }

    /** {@code status} naming the payment's {@code secret} and {@code method}. */
    private static PgStatus naming(PgStatus status, String secret, String method) {
        return new PgStatus(
                status.orderId(),
                status.paymentKey(),
                status.status(),
                status.totalAmount(),
                status.approvedAt(),
                status.verification(),
                status.transmissionId(),
                status.balanceAmount(),
                secret,
                method);
    }

    static PgStatus signedDone() {
        return pgStatus(DONE, Verification.SIGNATURE);
    }

    static PgStatus lookupDone() {
        return pgStatus(DONE, Verification.LOOKUP);
    }

    static PgStatus unsignedWebhook(String status) {
        return pgStatus(status, Verification.NONE);
    }

    static OrderExpire expire() {
        return new OrderExpire(ORDER_ID);
    }

    /** A completion record, which belongs on payments.completions, sent to the worker's input by mistake. */
    static OrderCompleted completionRecord() {
        return new OrderCompleted(
                ORDER_ID, OrderCompleted.Status.COMPLETE, AMOUNT, CURRENCY, PAYMENT_KEY, APPROVED_AT, null, NOW);
    }

    /** An anomaly record, which belongs on payments.completions, sent to the worker's input. */
    static OrderAnomaly anomalyRecord() {
        return new OrderAnomaly(ORDER_ID, "CANCELED_AT_PG", AMOUNT, CURRENCY, PAYMENT_KEY, CANCELED, AMOUNT, NOW);
    }

    /** The shop asks to give back {@code amount} (null: the whole balance). */
    static RefundRequested refund(Long amount) {
        return new RefundRequested(ORDER_ID, REFUND_ID, amount, REFUND_REASON);
    }

    /** The PG cancelled the refund's amount. */
    static PgRefund refundSucceeded() {
        return PgRefund.succeeded(ORDER_ID, REFUND_ID, "tx_20261123_cancel_1", PG_APPROVED_AT, AMOUNT - PART_OF_AMOUNT);
    }

    /** The shop asks to give back {@code amount} into the buyer's account (a deposited virtual account's refund). */
    static RefundRequested refundInto(RefundReceiveAccount account, Long amount) {
        return new RefundRequested(ORDER_ID, REFUND_ID, amount, REFUND_REASON, account);
    }

    /** An awaiting-deposit record, which belongs on payments.completions, sent to the worker's input. */
    static OrderAwaitingDeposit awaitingDepositRecord() {
        return OrderAwaitingDeposit.of(ORDER_ID, AMOUNT, CURRENCY, ACCOUNT, VIRTUAL_ACCOUNT, PAYMENT_KEY, NOW);
    }

    /** A refund record, which belongs on payments.completions, sent to the worker's input. */
    static RefundCompleted refundRecord() {
        return new RefundCompleted(
                ORDER_ID,
                REFUND_ID,
                RefundCompleted.Status.SUCCEEDED,
                PART_OF_AMOUNT,
                PART_OF_AMOUNT,
                CURRENCY,
                REFUND_REASON,
                null,
                NOW);
    }
}
