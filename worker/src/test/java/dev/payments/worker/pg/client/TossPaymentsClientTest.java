package dev.payments.worker.pg.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.schemas.PgPaymentStatus;
import dev.payments.testsupport.pg.TossPgStub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** The client against a Toss-shaped PG over real HTTP: every answer of docs/contract.md §5 and how it is mapped. */
class TossPaymentsClientTest {

    private static final String SECRET_KEY = "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R";
    /** base64("test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R:"), worked out independently of the code under test. */
    private static final String EXPECTED_AUTHORIZATION = "Basic dGVzdF9za196WExrS0V5cE5BcldtbzUwblgzbG1lYXhZRzVSOg==";

    private static final long AMOUNT = 15_000;

    private static TossPgStub pg;

    private SimpleMeterRegistry meters;
    private TossPaymentsClient client;
    private String orderId;
    private String paymentKey;

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
        // generous: on a loaded machine the stub itself can take over a second; the timeout test sets its own
        client = clientFor(pg.baseUrl(), "10s");
        orderId = "order-" + UUID.randomUUID();
        paymentKey = "tgen_" + UUID.randomUUID().toString().replace("-", "");
    }

    @AfterEach
    void closeClient() {
        client.destroy();
    }

    private TossPaymentsClient clientFor(String baseUrl, String readTimeout) {
        PgProperties properties = PgPropertiesFixture.bind(
                baseUrl, "secret-key", SECRET_KEY, "read-timeout", readTimeout, "connect-timeout", "1s");
        return new TossPaymentsClient(properties, JsonMapper.builder().build(), meters);
    }

    private ConfirmResult confirm() {
        return client.confirm(paymentKey, orderId, AMOUNT, "confirm-" + orderId);
    }

    @Test
    void approvedConfirmReturnsThePaymentWithItsApprovalTime() {
        pg.approve(orderId);

        ConfirmResult result = confirm();

        assertThat(result).isInstanceOf(ConfirmResult.Answered.class);
        TossPayment payment = ((ConfirmResult.Answered) result).payment();
        assertThat(payment.paymentKey()).isEqualTo(paymentKey);
        assertThat(payment.orderId()).isEqualTo(orderId);
        assertThat(payment.status()).isEqualTo("DONE");
        assertThat(payment.totalAmount()).isEqualTo(AMOUNT);
        assertThat(payment.method()).isEqualTo("카드");
        assertThat(payment.failure()).isNull();
        assertThat(payment.approvedAt()).isAtSameInstantAs(OffsetDateTime.parse(TossPgStub.APPROVED_AT));
    }

    @Test
    void sendsBasicAuthOfTheSecretKeyTheIdempotencyKeyAndTheJsonBody() {
        pg.approve(orderId);

        confirm();

        assertThat(pg.authorizationHeaders(orderId)).containsExactly(EXPECTED_AUTHORIZATION);
        assertThat(pg.idempotencyKeys(orderId)).containsExactly("confirm-" + orderId);
        pg.server()
                .verify(postRequestedFor(urlEqualTo("/v1/payments/confirm"))
                        .withHeader("Content-Type", containing("application/json"))
                        .withRequestBody(equalToJson("{\"paymentKey\":\"%s\",\"orderId\":\"%s\",\"amount\":%d}"
                                .formatted(paymentKey, orderId, AMOUNT))));
    }

    @Test
    void okWithAStatusOtherThanDoneIsAnsweredAsThePgHoldsThePaymentAndTimedApart() {
        pg.answerConfirm(orderId, 200, TossPgStub.payment(orderId, paymentKey, AMOUNT, "WAITING_FOR_DEPOSIT"));

        assertThat(confirm()).isInstanceOfSatisfying(ConfirmResult.Answered.class, answered -> {
            assertThat(answered.payment().status()).isEqualTo("WAITING_FOR_DEPOSIT");
            assertThat(answered.payment().isDone()).isFalse();
        });
        assertThat(meters.get("payments.pg.requests")
                        .tags("operation", "confirm", "outcome", "answered_not_done")
                        .timer()
                        .count())
                .isOne();
    }

    @Test
    void okWithABodyThatIsNoPaymentIsTransient() {
        pg.answerConfirm(orderId, 200, "<html>maintenance</html>");

        assertThat(confirm()).isInstanceOfSatisfying(ConfirmResult.Transient.class, t -> assertThat(t.reason())
                .contains("unreadable"));
    }

    @ParameterizedTest(name = "{0} {1} is a definitive rejection")
    @CsvSource({
        "403, REJECT_CARD_PAYMENT, 한도초과 혹은 잔액부족",
        "403, REJECT_CARD_COMPANY, 결제 승인이 거절되었습니다",
        "403, FORBIDDEN_REQUEST, 허용되지 않은 요청입니다.",
        "404, NOT_FOUND_PAYMENT_SESSION, 결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.",
        "400, INVALID_CARD_EXPIRATION, 카드 정보를 다시 확인해주세요.",
        "403, EXCEED_MAX_AUTH_COUNT, 최대 인증 횟수를 초과했습니다."
    })
    void definitiveClientErrorsAreRejectionsWithThePgCode(int status, String code, String message) {
        pg.reject(orderId, status, code, message);

        assertThat(confirm()).isEqualTo(new ConfirmResult.Rejected(code, message));
    }

    @Test
    void alreadyProcessedPaymentIsReportedForALookUp() {
        pg.alreadyProcessed(orderId, paymentKey, AMOUNT);

        assertThat(confirm()).isInstanceOf(ConfirmResult.AlreadyProcessed.class);
    }

    @ParameterizedTest(name = "{0} {1} is transient")
    @CsvSource({
        "500, FAILED_INTERNAL_SYSTEM_PROCESSING",
        "500, UNKNOWN_ERROR",
        "503, ''",
        "409, IDEMPOTENT_REQUEST_PROCESSING",
        "429, TOO_MANY_REQUESTS",
        "401, UNAUTHORIZED_KEY",
        "400, INVALID_API_KEY",
        "400, PROVIDER_ERROR",
        "403, FORBIDDEN_CONSECUTIVE_REQUEST"
    })
    void serverErrorsThrottlingAndOurOwnMisconfigurationAreTransient(int status, String code) {
        pg.answerConfirm(orderId, status, code.isEmpty() ? "" : TossPgStub.error(code, "오류"));

        ConfirmResult result = confirm();

        assertThat(result).isInstanceOfSatisfying(ConfirmResult.Transient.class, t -> assertThat(t.reason())
                .contains(String.valueOf(status))
                .doesNotContain(SECRET_KEY));
    }

    @Test
    void aClientErrorThatIsNotTossShapedIsTransient() {
        // e.g. a wrong base URL: some server's 404 page, not the PG's verdict on this payment
        pg.answerConfirm(orderId, 404, "<html>Not Found</html>");

        assertThat(confirm()).isInstanceOf(ConfirmResult.Transient.class);
    }

    @Test
    void readTimeoutIsTransientAndReturnsWithinTheTimeout() {
        client = clientFor(pg.baseUrl(), "500ms");
        pg.approveAfter(orderId, Duration.ofSeconds(5));

        long started = System.nanoTime();
        ConfirmResult result = confirm();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result).isInstanceOf(ConfirmResult.Transient.class);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void unreachablePgIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        client = clientFor("http://127.0.0.1:" + closedPort, "1s");

        assertThat(confirm()).isInstanceOfSatisfying(ConfirmResult.Transient.class, t -> assertThat(t.reason())
                .contains("I/O error"));
    }

    @Test
    void looksUpAPaymentByItsKey() {
        pg.paymentByKey(paymentKey, orderId, AMOUNT, "ABORTED");

        LookupResult result = client.paymentByKey(paymentKey);

        assertThat(result).isInstanceOfSatisfying(LookupResult.Found.class, found -> {
            assertThat(found.payment().status()).isEqualTo("ABORTED");
            assertThat(found.payment().paymentStatus()).isEqualTo(PgPaymentStatus.ABORTED);
            assertThat(found.payment().orderId()).isEqualTo(orderId);
            assertThat(found.payment().failure().code()).isEqualTo("REJECT_CARD_PAYMENT");
        });
        pg.server()
                .verify(getRequestedFor(urlEqualTo("/v1/payments/" + paymentKey))
                        .withHeader("Authorization", equalTo(EXPECTED_AUTHORIZATION)));
    }

    @Test
    void aStatusThisVersionDoesNotKnowIsKeptAsSentAndDecidedOnAsOther() {
        pg.paymentByKey(paymentKey, orderId, AMOUNT, "SOMETHING_NEW");

        LookupResult result = client.paymentByKey(paymentKey);

        assertThat(result).isInstanceOfSatisfying(LookupResult.Found.class, found -> {
            assertThat(found.payment().status()).isEqualTo("SOMETHING_NEW");
            assertThat(found.payment().paymentStatus()).isEqualTo(PgPaymentStatus.OTHER);
            assertThat(found.payment().isDone()).isFalse();
        });
    }

    @Test
    void aKeyIsOnePathSegmentWhateverItHolds() {
        String hostile = "pk/../../v1/payments?x=1#frag";
        pg.server()
                .stubFor(get(urlEqualTo("/v1/payments/pk%2F..%2F..%2Fv1%2Fpayments%3Fx=1%23frag"))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(404).withBody(TossPgStub.error("NOT_FOUND_PAYMENT", "없음"))));

        assertThat(client.paymentByKey(hostile)).isInstanceOf(LookupResult.NotFound.class);
        pg.server().verify(getRequestedFor(urlEqualTo("/v1/payments/pk%2F..%2F..%2Fv1%2Fpayments%3Fx=1%23frag")));
    }

    @Test
    void looksUpAPaymentByItsOrderId() {
        pg.paymentByOrderId(orderId, paymentKey, AMOUNT, "DONE");

        LookupResult result = client.paymentByOrderId(orderId);

        assertThat(result).isInstanceOfSatisfying(LookupResult.Found.class, found -> {
            assertThat(found.payment().isDone()).isTrue();
            assertThat(found.payment().paymentKey()).isEqualTo(paymentKey);
        });
        assertThat(pg.lookupsByOrderId(orderId)).isOne();
    }

    @Test
    void unknownPaymentIsNotFound() {
        assertThat(client.paymentByKey(paymentKey)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(client.paymentByOrderId(orderId)).isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void lookUpThatFailsIsTransient() {
        pg.server()
                .stubFor(get(urlEqualTo("/v1/payments/" + paymentKey))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(500)
                                .withBody(TossPgStub.error("FAILED_INTERNAL_SYSTEM_PROCESSING", "오류"))));

        assertThat(client.paymentByKey(paymentKey)).isInstanceOf(LookupResult.Transient.class);
    }

    @Test
    void timesEveryCallByOperationAndOutcome() {
        pg.approve(orderId);

        confirm();
        client.paymentByOrderId(orderId);

        assertThat(meters.get("payments.pg.requests")
                        .tags("operation", "confirm", "outcome", "approved")
                        .timer()
                        .count())
                .isOne();
        assertThat(meters.get("payments.pg.requests")
                        .tags("operation", "payment_by_order_id", "outcome", "not_found")
                        .timer()
                        .count())
                .isOne();
    }
}
