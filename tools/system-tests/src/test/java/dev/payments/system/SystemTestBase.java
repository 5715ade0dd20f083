package dev.payments.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the system tests: the shared stack, a shop's producer, and a probe of what the system did. */
abstract class SystemTestBase {

    static PaymentsStack stack;
    static ShopProducer shop;
    static OrderProbe probe;

    @BeforeAll
    static void startStack() {
        stack = PaymentsStack.get();
        shop = new ShopProducer(stack.bootstrapServers());
        probe = new OrderProbe(stack);
    }

    @AfterAll
    static void closeProducer() {
        shop.close();
    }
}
