package dev.payments.support.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/** Only values of the expected shape reach the MDC (log lines), and a scope gives back what it found. */
class OrderLogContextTest {

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdef", "ORD_2026-11-24_0001", "A1_b2-C3"})
    void anOrderIdOfTheContractsShapeIsLogged(String orderId) {
        assertThat(OrderLogContext.isOrderId(orderId)).isTrue();
        try (var scope = OrderLogContext.order(orderId)) {
            assertThat(MDC.get(OrderLogContext.ORDER_ID)).isEqualTo(orderId);
        }
        assertThat(MDC.get(OrderLogContext.ORDER_ID)).isNull();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "abcde", // 5: one short
                "order\nFORGED log line",
                "order\r\n",
                "order id",
                "order{}",
                "order%0a",
                "주문-000001",
                "ordér-1",
                "order.id:1"
            })
    void anythingElseIsKeptOutOfTheLogs(String orderId) {
        assertThat(OrderLogContext.isOrderId(orderId)).isFalse();
        try (var scope = OrderLogContext.order(orderId)) {
            assertThat(MDC.get(OrderLogContext.ORDER_ID)).isNull();
        }
    }

    @Test
    void theLengthBoundsAreInclusive() {
        assertThat(OrderLogContext.isOrderId("a".repeat(6))).isTrue();
        assertThat(OrderLogContext.isOrderId("a".repeat(64))).isTrue();
        assertThat(OrderLogContext.isOrderId("a".repeat(65))).isFalse();
    }

    @Test
    void eventIdsAndTypesMayHoldDotsAndColonsButNothingElse() {
        try (var scope = OrderLogContext.event("order-1", "order-1:completion", "payment.pg.result")) {
            assertThat(MDC.get(OrderLogContext.EVENT_ID)).isEqualTo("order-1:completion");
            assertThat(MDC.get(OrderLogContext.EVENT_TYPE)).isEqualTo("payment.pg.result");
        }
        try (var scope = OrderLogContext.event("order-1", "id with space", "x".repeat(201))) {
            assertThat(MDC.get(OrderLogContext.ORDER_ID)).isEqualTo("order-1");
            assertThat(MDC.get(OrderLogContext.EVENT_ID)).isNull();
            assertThat(MDC.get(OrderLogContext.EVENT_TYPE)).isNull();
        }
    }

    @Test
    void aNestedScopeRestoresTheOuterOnesValues() {
        try (var outer = OrderLogContext.event("order-1", "event-1", "payment.order.issued")) {
            try (var inner = OrderLogContext.event("order-2", "event-2", "payment.pg.result")) {
                assertThat(MDC.get(OrderLogContext.ORDER_ID)).isEqualTo("order-2");
            }
            assertThat(MDC.get(OrderLogContext.ORDER_ID)).isEqualTo("order-1");
            assertThat(MDC.get(OrderLogContext.EVENT_ID)).isEqualTo("event-1");
        }
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
}
