package dev.payments.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the tests that run the system against our own PG sandbox. */
abstract class SandboxSystemTestBase {

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
}
