package dev.payments.system;

import static dev.payments.system.Fixtures.AMOUNT;
import static dev.payments.system.Fixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.system.EdgeClient.IssuedOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the tests that run the system against our own PG sandbox. */
abstract class SandboxSystemTestBase {

    static final String VIRTUAL_ACCOUNT = "가상계좌";

    static SandboxStack stack;
    static EdgeClient edge;
    static SandboxClient pg;
    static OrderProbe probe;
    static ShopProducer shop;

    @BeforeAll
    static void startSandboxStack() {
        stack = SandboxStack.get();
        edge = stack.edgeClient();
        pg = new SandboxClient(stack.sandboxUrl(), SandboxStack.PG_SECRET_KEY);
        probe = new OrderProbe(stack);
        shop = new ShopProducer(stack.bootstrapServers());
    }

    @AfterAll
    static void closeSandboxProducer() {
        shop.close();
    }

    static long approvals(String orderId) {
        return pg.ledger(orderId).get("approvals").asLong();
    }

    /** A paid (COMPLETE) order, through the sandbox's window and the success redirect. */
    static Paid paidOrder(String prefix) {
        IssuedOrder order = edge.issue(newOrderId(prefix), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.pay(order, AMOUNT, "PAY", null);
        assertThat(edge.get(session.redirectUrl()).statusCode()).isEqualTo(303);
        probe.awaitStatus(order.orderId(), "COMPLETE");
        return new Paid(order.orderId(), session.paymentKey());
    }

    record Paid(String orderId, String paymentKey) {}

    /**
     * A virtual-account order whose account the PG issued at the worker's confirm: AWAITING_DEPOSIT. The account is
     * valid for {@code validForSeconds}, or the sandbox's default (Toss's 7 days) when null.
     */
    static Awaiting awaitingDeposit(String prefix, Integer validForSeconds) {
        IssuedOrder order = edge.issue(newOrderId(prefix), AMOUNT);
        edge.checkout(order.orderId(), order.csrfToken());
        SandboxClient.Session session = pg.payWith(order, AMOUNT, VIRTUAL_ACCOUNT, validForSeconds, null);
        assertThat(edge.get(session.redirectUrl()).statusCode()).isEqualTo(303);
        probe.awaitStatus(order.orderId(), "AWAITING_DEPOSIT");
        assertThat(session.secret()).isNotBlank();
        return new Awaiting(order.orderId(), session.paymentKey(), session.secret());
    }

    /** @param secret the payment's secret, as the PG's confirm answer and webhooks carry it */
    record Awaiting(String orderId, String paymentKey, String secret) {}
}
