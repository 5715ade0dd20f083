package dev.payments.worker.pg.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.payments.schemas.PgPaymentStatus;
import dev.payments.testsupport.pg.TossPgStub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/transactions} against a Toss-shaped PG over real HTTP: the query Toss expects (Korean local times,
 * paging by the last transactionKey), the rows parsed as Toss writes them, and how every other answer is mapped.
 */
class TossPaymentsClientTransactionsTest {

    private static final String PATH = "/v1/transactions";
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Instant FROM = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-23T10:15:00Z");
    /** base64("test_sk_transactions:"), worked out independently of the code under test. */
    private static final String EXPECTED_AUTHORIZATION = "Basic dGVzdF9za190cmFuc2FjdGlvbnM6";

    /** Toss's row, all its fields (the ones the worker does not use included). */
    static final String ROWS = """
            [{"mId":"tosspayments","transactionKey":"tx-approval-1","paymentKey":"pay-1","orderId":"order-000001",
              "method":"카드","customerKey":null,"useEscrow":false,
              "receiptUrl":"https://dashboard.tosspayments.com/receipt/redirection?transactionId=tx-approval-1",
              "status":"DONE","transactionAt":"2026-11-23T19:05:31+09:00","currency":"KRW","amount":15000},
             {"mId":"tosspayments","transactionKey":"tx-cancel-1","paymentKey":"pay-1","orderId":"order-000001",
              "method":"카드","customerKey":null,"useEscrow":false,"receiptUrl":null,
              "status":"PARTIAL_CANCELED","transactionAt":"2026-11-23T19:10:00+09:00","currency":"KRW","amount":-5000},
             {"mId":"tosspayments","transactionKey":"tx-issue-2","paymentKey":"pay-2","orderId":"order-000002",
              "method":"가상계좌","customerKey":null,"useEscrow":false,"receiptUrl":null,"status":"WAITING_FOR_DEPOSIT",
              "transactionAt":"2026-11-23T19:11:00+09:00","currency":"KRW","amount":30000,"somethingNew":{"a":1}}]""";

    private static TossPgStub pg;

    private SimpleMeterRegistry meters;
    private TossPaymentsClient client;

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
        meters = new SimpleMeterRegistry();
        client = clientFor(pg.baseUrl());
    }

    @AfterEach
    void closeClient() {
        client.destroy();
    }

    private TossPaymentsClient clientFor(String baseUrl) {
        PgProperties properties = PgPropertiesFixture.bind(
                baseUrl, "secret-key", "test_sk_transactions", "read-timeout", "300ms", "connect-timeout", "1s");
        return new TossPaymentsClient(properties, JsonMapper.builder().build(), meters);
    }

    private TransactionsResult list(String startingAfter, Duration readTimeout) {
        return client.transactions(FROM, TO, startingAfter, 100, SEOUL, readTimeout);
    }

    private static void answer(ResponseDefinitionBuilder response) {
        pg.server().stubFor(get(urlPathEqualTo(PATH)).willReturn(response));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private long calls(String outcome) {
        return meters.get("payments.pg.requests")
                .tags("operation", "transactions", "outcome", outcome)
                .timer()
                .count();
    }

    @Test
    void asksForTheWindowInKoreanLocalTimeToTheLastWholeSecondWithBasicAuthAndTheLimit() {
        answer(json(200, "[]"));

        client.transactions(Instant.parse("2026-11-23T09:59:59.700Z"), TO, null, 5000, SEOUL, Duration.ofSeconds(10));

        pg.server()
                .verify(getRequestedFor(urlPathEqualTo(PATH))
                        .withQueryParam("startDate", equalTo("2026-11-23T18:59:59"))
                        .withQueryParam("endDate", equalTo("2026-11-23T19:14:59"))
                        .withQueryParam("limit", equalTo("5000"))
                        .withQueryParam("startingAfter", absent())
                        .withHeader("Authorization", equalTo(EXPECTED_AUTHORIZATION)));
    }

    @Test
    void aLaterPageStartsAfterTheLastRowOfThePageBefore() {
        answer(json(200, "[]"));

        list("tx/cancel+1", Duration.ofSeconds(10));

        pg.server()
                .verify(getRequestedFor(urlPathEqualTo(PATH))
                        .withQueryParam("startingAfter", equalTo("tx/cancel+1"))
                        .withQueryParam("startDate", equalTo("2026-11-23T19:00:00")));
    }

    @Test
    void rowsAreParsedAsTheListsThemWithAmountsAsPositiveNumbersAndTheRestIgnored() {
        answer(json(200, ROWS));

        TransactionsResult result = list(null, Duration.ofSeconds(10));

        assertThat(result)
                .isEqualTo(new TransactionsResult.Page(List.of(
                        new PgTransaction(
                                "tx-approval-1",
                                "pay-1",
                                "order-000001",
                                "카드",
                                PgPaymentStatus.DONE,
                                Instant.parse("2026-11-23T10:05:31Z"),
                                "KRW",
                                15_000),
                        new PgTransaction(
                                "tx-cancel-1",
                                "pay-1",
                                "order-000001",
                                "카드",
                                PgPaymentStatus.PARTIAL_CANCELED,
                                Instant.parse("2026-11-23T10:10:00Z"),
                                "KRW",
                                5_000),
                        new PgTransaction(
                                "tx-issue-2",
                                "pay-2",
                                "order-000002",
                                "가상계좌",
                                PgPaymentStatus.WAITING_FOR_DEPOSIT,
                                Instant.parse("2026-11-23T10:11:00Z"),
                                "KRW",
                                30_000))));
        assertThat(calls("page")).isOne();
    }

    @Test
    void anEmptyListIsAnEmptyPage() {
        answer(json(200, "[]"));

        assertThat(list(null, Duration.ofSeconds(10))).isEqualTo(new TransactionsResult.Page(List.of()));
    }

    @Test
    void throttlingIsTooManyRequestsWithThePgsRetryAfter() {
        answer(json(429, TossPgStub.error("TOO_MANY_REQUESTS", "요청이 너무 많습니다.")).withHeader("Retry-After", "7"));

        assertThat(list(null, Duration.ofSeconds(10)))
                .isEqualTo(new TransactionsResult.TooManyRequests(Duration.ofSeconds(7)));
        assertThat(calls("too_many_requests")).isOne();
    }

    @Test
    void throttlingWithoutASecondsRetryAfterNamesNoWait() {
        answer(json(429, TossPgStub.error("TOO_MANY_REQUESTS", "요청이 너무 많습니다."))
                .withHeader("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"));

        assertThat(list(null, Duration.ofSeconds(10))).isEqualTo(new TransactionsResult.TooManyRequests(null));
    }

    @ParameterizedTest(name = "{0} {1} is transient")
    @CsvSource({
        "500, FAILED_INTERNAL_SYSTEM_PROCESSING",
        "503, ''",
        "502, ''",
        "409, IDEMPOTENT_REQUEST_PROCESSING",
        "400, PROVIDER_ERROR",
        "404, ''"
    })
    void serverErrorsAndAnswersThatAreNotThePgsAreTransient(int status, String code) {
        answer(json(status, code.isEmpty() ? "<html>Bad Gateway</html>" : TossPgStub.error(code, "오류")));

        assertThat(list(null, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(TransactionsResult.Transient.class, t -> assertThat(t.reason())
                        .contains(String.valueOf(status))
                        .doesNotContain("test_sk_transactions"));
        assertThat(calls("transient")).isOne();
    }

    @ParameterizedTest(name = "{0} {1} is refused")
    @CsvSource({"400, INVALID_REQUEST", "401, UNAUTHORIZED_KEY", "403, FORBIDDEN_REQUEST"})
    void clientErrorsWithTheCodeOfThePgAreRefusals(int status, String code) {
        answer(json(status, TossPgStub.error(code, "잘못된 요청입니다.")));

        assertThat(list(null, Duration.ofSeconds(10))).isEqualTo(new TransactionsResult.Refused(code, "잘못된 요청입니다."));
        assertThat(calls("refused")).isOne();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "<html>maintenance</html>",
                "{\"transactionKey\":\"not-a-list\"}",
                "[{\"paymentKey\":\"pay-1\",\"orderId\":\"order-000001\",\"status\":\"DONE\",\"amount\":1}]",
                "[{\"transactionKey\":\"tx-1\",\"orderId\":\"order-000001\",\"status\":\"DONE\",\"amount\":1,"
                        + "\"transactionAt\":\"yesterday\"}]",
                "[null]"
            })
    void aBodyThatIsNotAListOfCompleteRowsIsTransient(String body) {
        answer(json(200, body));

        assertThat(list(null, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(TransactionsResult.Transient.class, t -> assertThat(t.reason())
                        .contains("unreadable"));
    }

    @Test
    void aPageSlowerThanItsOwnReadTimeoutIsTransientAndThePaymentCallsTimeoutDoesNotApply() {
        answer(json(200, "[]").withFixedDelay(1_000));

        long started = System.nanoTime();
        TransactionsResult timedOut = list(null, Duration.ofMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(timedOut).isInstanceOf(TransactionsResult.Transient.class);
        assertThat(took).isLessThan(Duration.ofMillis(900));
        // the client's own read timeout (300 ms) is the payment calls': a page is given its own
        assertThat(list(null, Duration.ofSeconds(5))).isEqualTo(new TransactionsResult.Page(List.of()));
    }

    @Test
    void unreachablePgIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        client = clientFor("http://127.0.0.1:" + closedPort);

        assertThat(list(null, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(TransactionsResult.Transient.class, t -> assertThat(t.reason())
                        .contains("I/O error"));
    }
}
