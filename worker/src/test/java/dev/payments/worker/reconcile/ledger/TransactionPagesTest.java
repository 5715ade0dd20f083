package dev.payments.worker.reconcile.ledger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.payments.testsupport.pg.TossPgStub;
import dev.payments.worker.pg.client.PgPropertiesFixture;
import dev.payments.worker.pg.client.PgTransaction;
import dev.payments.worker.pg.client.TossPaymentsClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paging through the PG's transactions list, and waiting between attempts, against a Toss-shaped PG over HTTP; the
 * waits are recorded instead of slept.
 */
class TransactionPagesTest {

    private static final String PATH = "/v1/transactions";
    private static final Window SPAN =
            new Window(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:15:00Z"));

    private static TossPgStub pg;

    private TossPaymentsClient client;
    private final List<Duration> pauses = new ArrayList<>();
    private final List<List<String>> pagesRead = new ArrayList<>();

    @BeforeAll
    static void startPg() {
        pg = TossPgStub.start();
    }

    @AfterAll
    static void stopPg() {
        pg.close();
    }

    @BeforeEach
    void setUp() {
        pg.reset();
        client = new TossPaymentsClient(
                PgPropertiesFixture.bind(pg.baseUrl()), JsonMapper.builder().build(), new SimpleMeterRegistry());
    }

    @AfterEach
    void closeClient() {
        client.destroy();
    }

    /** Two rows a page, 3 attempts a page, back-off from 100 ms to 2 s. */
    private TransactionPages pages(String... more) {
        Map<String, String> values = new HashMap<>(Map.of(
                "payments.reconciliation.page-size", "2",
                "payments.reconciliation.max-attempts", "3",
                "payments.reconciliation.initial-backoff", "100ms",
                "payments.reconciliation.max-backoff", "2s"));
        for (int i = 0; i < more.length; i += 2) {
            values.put("payments.reconciliation." + more[i], more[i + 1]);
        }
        return new TransactionPages(client, ReconciliationPropertiesTest.bind(values), pauses::add);
    }

    private TransactionPages.Outcome readAll(TransactionPages pages) throws InterruptedException {
        return pages.readAll(
                SPAN,
                rows -> pagesRead.add(
                        rows.stream().map(PgTransaction::transactionKey).toList()));
    }

    private static MappingBuilder page(String startingAfter) {
        return get(urlPathEqualTo(PATH))
                .withQueryParam("startingAfter", startingAfter == null ? absent() : equalTo(startingAfter));
    }

    private static ResponseDefinitionBuilder rows(String... keys) {
        String body = IntStream.range(0, keys.length)
                .mapToObj(i -> """
                        {"mId":"tosspayments","transactionKey":"%s","paymentKey":"pay-%1$s","orderId":"order-%1$s",
                         "method":"카드","status":"DONE","transactionAt":"2026-11-23T19:0%d:00+09:00","currency":"KRW",
                         "amount":1000}""".formatted(keys[i], i))
                .collect(Collectors.joining(",", "[", "]"));
        return json(200, body);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder throttled(String retryAfter) {
        ResponseDefinitionBuilder response = json(429, TossPgStub.error("TOO_MANY_REQUESTS", "요청이 너무 많습니다."));
        return retryAfter == null ? response : response.withHeader("Retry-After", retryAfter);
    }

    /** The page after {@code startingAfter} answers {@code answers} in turn, then the last one again. */
    private static void inTurn(String startingAfter, ResponseDefinitionBuilder... answers) {
        String scenario = "page-after-" + startingAfter;
        for (int i = 0; i < answers.length; i++) {
            pg.server()
                    .stubFor(page(startingAfter)
                            .inScenario(scenario)
                            .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answered-" + i)
                            .willReturn(answers[i])
                            .willSetStateTo(i == answers.length - 1 ? "answered-" + i : "answered-" + (i + 1)));
        }
    }

    @Test
    void readsPageAfterPageFromTheLastKeyOfEachUntilOneIsShort() throws InterruptedException {
        pg.server().stubFor(page(null).willReturn(rows("tx-1", "tx-2")));
        pg.server().stubFor(page("tx-2").willReturn(rows("tx-3", "tx-4")));
        pg.server().stubFor(page("tx-4").willReturn(rows("tx-5")));

        assertThat(readAll(pages())).isEqualTo(new TransactionPages.Outcome.Read(3));

        assertThat(pagesRead).containsExactly(List.of("tx-1", "tx-2"), List.of("tx-3", "tx-4"), List.of("tx-5"));
        pg.server().verify(3, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("limit", equalTo("2")));
        assertThat(pauses).isEmpty();
    }

    @Test
    void aFullLastPageIsFollowedByAnEmptyOne() throws InterruptedException {
        pg.server().stubFor(page(null).willReturn(rows("tx-1", "tx-2")));
        pg.server().stubFor(page("tx-2").willReturn(json(200, "[]")));

        assertThat(readAll(pages())).isEqualTo(new TransactionPages.Outcome.Read(2));
        assertThat(pagesRead).containsExactly(List.of("tx-1", "tx-2"), List.of());
    }

    @Test
    void aThrottledPageIsAskedAgainAfterThePgsRetryAfterAndPagingGoesOn() throws InterruptedException {
        pg.server().stubFor(page(null).willReturn(rows("tx-1", "tx-2")));
        inTurn("tx-2", throttled("1"), rows("tx-3"));

        assertThat(readAll(pages())).isEqualTo(new TransactionPages.Outcome.Read(2));

        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
        assertThat(pagesRead).containsExactly(List.of("tx-1", "tx-2"), List.of("tx-3"));
        pg.server().verify(2, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("startingAfter", equalTo("tx-2")));
    }

    @Test
    void aThrottledPageWithoutRetryAfterAndATransientOneWaitTheGrowingBackOff() throws InterruptedException {
        inTurn(null, throttled(null), json(503, "<html>busy</html>"), rows("tx-1"));

        assertThat(readAll(pages())).isEqualTo(new TransactionPages.Outcome.Read(1));

        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(pauses.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aPageThatKeepsFailingFailsTheReadAfterMaxAttemptsWithItsLastError() throws InterruptedException {
        pg.server().stubFor(page(null).willReturn(rows("tx-1", "tx-2")));
        pg.server()
                .stubFor(page("tx-2")
                        .willReturn(json(500, TossPgStub.error("FAILED_INTERNAL_SYSTEM_PROCESSING", "내부 오류"))));

        TransactionPages.Outcome outcome = readAll(pages());

        assertThat(outcome)
                .isInstanceOfSatisfying(TransactionPages.Outcome.Failed.class, failed -> assertThat(failed.error())
                        .contains("page 2")
                        .contains("3 times")
                        .contains("500 FAILED_INTERNAL_SYSTEM_PROCESSING"));
        assertThat(pauses).hasSize(2);
        pg.server().verify(3, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("startingAfter", equalTo("tx-2")));
    }

    @Test
    void aRefusedPageFailsTheReadAtOnce() throws InterruptedException {
        pg.server().stubFor(page(null).willReturn(json(400, TossPgStub.error("INVALID_REQUEST", "잘못된 요청입니다."))));

        assertThat(readAll(pages()))
                .isEqualTo(new TransactionPages.Outcome.Failed(
                        "the PG refused page 1 of the transactions list: INVALID_REQUEST 잘못된 요청입니다."));
        assertThat(pauses).isEmpty();
    }

    @Test
    void aPgThatAsksForALongerWaitThanMaxBackoffFailsTheReadForALaterTick() throws InterruptedException {
        pg.server().stubFor(page(null).willReturn(throttled("3")));

        assertThat(readAll(pages()))
                .isInstanceOfSatisfying(TransactionPages.Outcome.Failed.class, failed -> assertThat(failed.error())
                        .contains("PT3S"));
        assertThat(pauses).isEmpty();
    }

    @Test
    void aPgThatAnswersTheSamePageAgainEndsTheRead() throws InterruptedException {
        pg.server().stubFor(page(null).willReturn(rows("tx-1", "tx-2")));
        pg.server().stubFor(page("tx-2").willReturn(rows("tx-1", "tx-2")));

        assertThat(readAll(pages()))
                .isInstanceOfSatisfying(TransactionPages.Outcome.Failed.class, failed -> assertThat(failed.error())
                        .contains("repeated"));
    }
}
