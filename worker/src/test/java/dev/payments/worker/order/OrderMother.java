package dev.payments.worker.order;

import static dev.payments.worker.order.OrderEvents.NOW;
import static dev.payments.worker.order.OrderEvents.PAYMENT_KEY;
import static dev.payments.worker.order.OrderEvents.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.schemas.EventData;
import dev.payments.schemas.PgStatus;
import java.time.Instant;

/**
 * Object Mother for orders in every state, each reached through the real transitions of {@link OrderStateMachine}
 * from an issuance, never by constructing a snapshot by hand.
 */
final class OrderMother {

    static final String CARD_COMPANY_REFUSED = "REJECT_CARD_COMPANY";
    static final String BUYER_CANCELLED = "PAY_PROCESS_CANCELED";
    static final String CONFIRM_REFUSED = "REJECT_CARD_PAYMENT";

    private OrderMother() {}

    static Order issued() {
        return apply(null, OrderEvents.issue());
    }

    static Order inProgress() {
        return apply(issued(), OrderEvents.checkoutStarted());
    }

    /** Verified success; the confirm with the PG is pending. */
    static Order succeeded() {
        return apply(inProgress(), OrderEvents.successRedirect());
    }

    static Order completed() {
        return apply(succeeded(), OrderEvents.approval(PAYMENT_KEY));
    }

    /** The confirm answered that the PG issued a virtual account, with its secret: the buyer's transfer is pending. */
    static Order awaitingDeposit() {
        return apply(succeeded(), OrderEvents.awaitingDeposit(PAYMENT_KEY, OrderEvents.DEPOSIT_SECRET));
    }

    /** Awaiting a deposit, but the PG's answer had no secret (the confirm job learnt the account from a look-up). */
    static Order awaitingDepositWithoutSecret() {
        return apply(succeeded(), OrderEvents.awaitingDeposit(PAYMENT_KEY, null));
    }

    /** COMPLETE by the buyer's deposit into the virtual account, read from the PG. */
    static Order deposited() {
        return apply(awaitingDeposit(), OrderEvents.lookupDone());
    }

    /** FAIL because the PG refused the confirm; the paymentKey stays recorded. */
    static Order failedOnConfirm() {
        return apply(succeeded(), OrderEvents.confirmRejection(PAYMENT_KEY, CONFIRM_REFUSED));
    }

    /** FAIL because the PG reported a failed payment; no paymentKey was ever recorded. */
    static Order failedAtPg() {
        return apply(inProgress(), OrderEvents.failure(TOKEN, CARD_COMPANY_REFUSED));
    }

    /** FAIL because the success carried another amount than the order's; its paymentKey is recorded. */
    static Order failedOnAmount() {
        return apply(inProgress(), OrderEvents.successRedirect(TOKEN, PAYMENT_KEY, 100L));
    }

    /** COMPLETE without a success redirect: the worker read the approved payment from the PG. */
    static Order completedByLookup() {
        return apply(inProgress(), OrderEvents.lookupDone());
    }

    /** FAIL because the PG reported the payment ABORTED; its paymentKey is recorded. */
    static Order abortedAtPg() {
        return apply(inProgress(), OrderEvents.pgStatus(OrderEvents.ABORTED, PgStatus.Verification.LOOKUP));
    }

    /** CANCEL because the PG reported the payment EXPIRED. */
    static Order expiredAtPg() {
        return apply(inProgress(), OrderEvents.pgStatus(OrderEvents.PG_EXPIRED, PgStatus.Verification.SIGNATURE));
    }

    static Order cancelledByBuyer() {
        return apply(inProgress(), OrderEvents.cancellation(TOKEN, BUYER_CANCELLED));
    }

    static Order expired() {
        return apply(inProgress(), OrderEvents.expire(), OrderEvents.EXPIRES_AT);
    }

    static Order apply(Order order, EventData event) {
        return apply(order, event, NOW);
    }

    /**
     * Applies {@code event}, genuine (a worker's own events authenticated), written and decided at {@code now}; it
     * must be a transition. Returns the order it leads to.
     */
    static Order apply(Order order, EventData event, Instant now) {
        Decision decision = OrderStateMachine.decide(order, OrderEvents.envelope(event, now), true, now);
        assertThat(decision)
                .as("fixture step %s on %s", event, order == null ? "no order" : order.status())
                .isInstanceOf(Decision.Applied.class);
        return ((Decision.Applied) decision).order();
    }
}
