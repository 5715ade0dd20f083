package dev.payments.system;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.payments.system.Fixtures.checkout;
import static dev.payments.system.Fixtures.issued;
import static dev.payments.system.Fixtures.newOrderId;
import static dev.payments.system.Fixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;

/**
 * The PG's answers to confirm, as Toss gives them, and what the order becomes. The tests run in parallel, each on an
 * order of its own with the PG's answers stubbed for it alone.
 */
class ConfirmOutcomesIT extends SystemTestBase {

    @ConcurrentTest
    void rejectedConfirmFailsTheOrderWithThePgCode() {
        String orderId = newOrderId("rejected");
        stack.pg.stubFor(
                confirmOf(orderId).willReturn(json(403, TossResponses.error("REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족"))));

        pay(orderId);

        probe.awaitStatus(orderId, "FAIL");
        assertThat(probe.reason(orderId)).isEqualTo("REJECT_CARD_PAYMENT");
        probe.awaitCompletions(orderId, 1);
        assertThat(probe.completions(orderId).getFirst().value())
                .contains("\"status\":\"FAIL\"")
                .contains("\"reason\":\"REJECT_CARD_PAYMENT\"");
        assertThat(stack.confirmRequests(orderId)).hasSize(1);
    }

    @ConcurrentTest
    void serverErrorsAreRetriedUnderTheSameIdempotencyKeyUntilApproved() {
        String orderId = newOrderId("flaky");
        String scenario = "flaky-" + orderId;
        stack.pg.stubFor(confirmOf(orderId)
                .inScenario(scenario)
                .whenScenarioStateIs(STARTED)
                .willReturn(json(500, TossResponses.error("FAILED_INTERNAL_SYSTEM_PROCESSING", "내부 오류")))
                .willSetStateTo("second"));
        stack.pg.stubFor(confirmOf(orderId)
                .inScenario(scenario)
                .whenScenarioStateIs("second")
                .willReturn(json(500, TossResponses.error("FAILED_INTERNAL_SYSTEM_PROCESSING", "내부 오류")))
                .willSetStateTo("healthy"));
        stack.pg.stubFor(confirmOf(orderId)
                .inScenario(scenario)
                .whenScenarioStateIs("healthy")
                .willReturn(json(200, TossResponses.DONE_TEMPLATE)));

        pay(orderId);

        probe.awaitStatus(orderId, "COMPLETE");
        probe.awaitCompletions(orderId, 1);
        assertThat(stack.confirmRequests(orderId))
                .hasSize(3)
                .extracting(r -> r.getHeader("Idempotency-Key"))
                .containsOnly(stack.confirmRequests(orderId).getFirst().getHeader("Idempotency-Key"))
                .doesNotContainNull();
    }

    @ConcurrentTest
    void alreadyProcessedPaymentIsLookedUpAndCompletes() {
        String orderId = newOrderId("already");
        String paymentKey = "pk-" + orderId;
        stack.pg.stubFor(confirmOf(orderId)
                .willReturn(json(400, TossResponses.error("ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다."))));
        stack.pg.stubFor(get(urlEqualTo("/v1/payments/" + paymentKey))
                .willReturn(json(200, TossResponses.payment(orderId, paymentKey, Fixtures.AMOUNT, "DONE"))));

        pay(orderId);

        probe.awaitStatus(orderId, "COMPLETE");
        probe.awaitCompletions(orderId, 1);
        assertThat(stack.confirmRequests(orderId)).hasSize(1);
    }

    @ConcurrentTest
    void slowPgDoesNotDelayAnotherOrderOnTheSamePartition() {
        String slowOrder = newOrderId("slow");
        String fastOrder = Partitions.orderIdOnPartitionOf(slowOrder, "fast");
        stack.pg.stubFor(confirmOf(slowOrder)
                .willReturn(json(200, TossResponses.DONE_TEMPLATE).withFixedDelay(10_000)));

        pay(slowOrder);
        await(slowOrder);
        pay(fastOrder);

        probe.awaitStatus(fastOrder, "COMPLETE");
        assertThat(probe.status(slowOrder))
                .as("the slow confirm is still running while the fast order completed")
                .contains("SUCCESS");
        probe.awaitStatus(slowOrder, "COMPLETE");
        assertThat(stack.confirmRequests(slowOrder)).hasSize(1);
    }

    private void await(String orderId) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !stack.confirmRequests(orderId)
                .isEmpty());
    }

    private static void pay(String orderId) {
        shop.send(issued(orderId));
        shop.send(checkout(orderId));
        shop.send(success(orderId));
    }

    private static MappingBuilder confirmOf(String orderId) {
        return post(urlEqualTo("/v1/payments/confirm"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId)));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
