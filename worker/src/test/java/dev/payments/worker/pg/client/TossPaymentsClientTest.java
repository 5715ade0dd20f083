package dev.payments.worker.pg.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.not;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.schemas.PgPaymentStatus;
import dev.payments.schemas.RefundReceiveAccount;
import dev.payments.schemas.VirtualAccount;
import dev.payments.testsupport.pg.TossPgStub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
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

    private long calls(String operation, String outcome) {
        return meters.get("payments.pg.requests")
                .tags("operation", operation, "outcome", outcome)
                .timer()
                .count();
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
        assertThat(calls("confirm", "answered_not_done")).isOne();
    }

    @Test
    void aVirtualAccountsConfirmIsAnsweredWaitingForDepositWithTheAccountAndTheSecret() {
        pg.issueVirtualAccount(orderId, TossPgStub.VA_SECRET, TossPgStub.VA_DUE_DATE);

        assertThat(confirm()).isInstanceOfSatisfying(ConfirmResult.Answered.class, answered -> {
            TossPayment payment = answered.payment();
            assertThat(payment.paymentStatus()).isEqualTo(PgPaymentStatus.WAITING_FOR_DEPOSIT);
            assertThat(payment.paymentKey()).isEqualTo(paymentKey);
            assertThat(payment.totalAmount()).isEqualTo(AMOUNT);
            assertThat(payment.method()).isEqualTo(TossPgStub.VIRTUAL_ACCOUNT);
            assertThat(payment.secret()).isEqualTo(TossPgStub.VA_SECRET);
            assertThat(payment.issuedAccount())
                    .isEqualTo(new VirtualAccount(
                            TossPgStub.VA_BANK_CODE,
                            TossPgStub.VA_ACCOUNT_NUMBER,
                            TossPgStub.VA_CUSTOMER_NAME,
                            OffsetDateTime.parse(TossPgStub.VA_DUE_DATE)));
        });
        assertThat(calls("confirm", "answered_not_done")).isOne();
    }

    @ParameterizedTest
    @ValueSource(strings = {TossPgStub.EASY_PAY, TossPgStub.TRANSFER, TossPgStub.MOBILE_PHONE, TossPgStub.CARD})
    void everyMethodIsApprovedAlikeAndNamed(String method) {
        pg.approve(orderId, method);

        assertThat(confirm()).isInstanceOfSatisfying(ConfirmResult.Answered.class, answered -> {
            assertThat(answered.payment().isDone()).isTrue();
            assertThat(answered.payment().method()).isEqualTo(method);
            assertThat(answered.payment().totalAmount()).isEqualTo(AMOUNT);
            assertThat(answered.payment().easyPay() != null).isEqualTo(method.equals(TossPgStub.EASY_PAY));
        });
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

        assertThat(calls("confirm", "approved")).isOne();
        assertThat(calls("payment_by_order_id", "not_found")).isOne();
    }

    // ---- cancel -----------------------------------------------------------------------------------------------------

    private static final String REASON = "고객 변심";
    private static final String CANCELED_AT = TossPgStub.CANCELED_AT;

    private String cancelPath() {
        return "/v1/payments/" + paymentKey + "/cancel";
    }

    private void answerCancel(int status, String body, Duration delay) {
        pg.answerCancel(paymentKey, new TossPgStub.Answer(status, body, delay));
    }

    private void answerCancel(int status, String body) {
        answerCancel(status, body, Duration.ZERO);
    }

    /** The stub's payment after cancels, with {@code balance} left. */
    private String paymentAfterCancels(String status, long balance, String... cancels) {
        return TossPgStub.canceledPayment(orderId, paymentKey, AMOUNT, status, balance, cancels);
    }

    private static String cancelEntry(long amount, String reason, String canceledAt, String transactionKey, long left) {
        return TossPgStub.cancelEntry(amount, reason, canceledAt, transactionKey, left);
    }

    private CancelResult cancel(long amount) {
        return client.cancel(paymentKey, amount, REASON, "refund-key-1", null);
    }

    @Test
    void partialCancelAnsweredOkIsCanceledWithItsEntryAndTheBalance() {
        answerCancel(
                200,
                paymentAfterCancels(
                        "PARTIAL_CANCELED", 10_000, cancelEntry(5_000, REASON, CANCELED_AT, "tx-last", 10_000)));

        CancelResult result = cancel(5_000);

        assertThat(result).isInstanceOfSatisfying(CancelResult.Canceled.class, canceled -> {
            assertThat(canceled.payment().balanceAmount()).isEqualTo(10_000);
            assertThat(canceled.payment().paymentStatus()).isEqualTo(PgPaymentStatus.PARTIAL_CANCELED);
            assertThat(canceled.payment().lastTransactionKey()).isEqualTo("tx-last");
            assertThat(canceled.payment().totalAmount()).isEqualTo(AMOUNT);
            TossPayment.Cancel entry = canceled.cancel();
            assertThat(entry.transactionKey()).isEqualTo("tx-last");
            assertThat(entry.cancelAmount()).isEqualTo(5_000);
            assertThat(entry.cancelReason()).isEqualTo(REASON);
            assertThat(entry.refundableAmount()).isEqualTo(10_000);
            assertThat(entry.canceledAt()).isAtSameInstantAs(OffsetDateTime.parse(CANCELED_AT));
            assertThat(entry.isDone()).isTrue();
        });
        assertThat(calls("cancel", "canceled")).isOne();
    }

    @Test
    void secondPartialCancelIsMatchedToTheNewEntryNotTheFirst() {
        answerCancel(
                200,
                paymentAfterCancels(
                        "PARTIAL_CANCELED",
                        0,
                        cancelEntry(5_000, REASON, "2026-11-24T09:00:00+09:00", "tx-first", 10_000),
                        cancelEntry(10_000, REASON, CANCELED_AT, "tx-last", 0)));

        assertThat(cancel(10_000)).isInstanceOfSatisfying(CancelResult.Canceled.class, canceled -> {
            assertThat(canceled.cancel().transactionKey()).isEqualTo("tx-last");
            // refunded in parts down to 0 stays PARTIAL_CANCELED: the balance says it is all given back
            assertThat(canceled.payment().balanceAmount()).isZero();
        });
    }

    @Test
    void fullCancelIsCanceledWithNothingLeft() {
        answerCancel(200, paymentAfterCancels("CANCELED", 0, cancelEntry(AMOUNT, REASON, CANCELED_AT, "tx-last", 0)));

        assertThat(cancel(AMOUNT)).isInstanceOfSatisfying(CancelResult.Canceled.class, canceled -> {
            assertThat(canceled.payment().paymentStatus()).isEqualTo(PgPaymentStatus.CANCELED);
            assertThat(canceled.payment().balanceAmount()).isZero();
            assertThat(canceled.cancel().cancelAmount()).isEqualTo(AMOUNT);
        });
    }

    @Test
    void okWithoutAnEntryForThisCancelIsUnknown() {
        // e.g. an Idempotency-Key reused for another cancel: Toss replays that cancel's answer
        answerCancel(
                200,
                paymentAfterCancels(
                        "PARTIAL_CANCELED", 12_000, cancelEntry(3_000, "다른 사유", CANCELED_AT, "tx", 12_000)));

        assertThat(cancel(5_000))
                .isInstanceOfSatisfying(CancelResult.Unknown.class, unknown -> assertThat(unknown.keySpent())
                        .as("a 200 may be our cancel read wrong: never a reason for a new key")
                        .isFalse());
    }

    @Test
    void okForAnotherPaymentIsUnknown() {
        answerCancel(
                200,
                paymentAfterCancels("CANCELED", 0, cancelEntry(AMOUNT, REASON, CANCELED_AT, "tx-last", 0))
                        .replace(paymentKey, "tgen_other"));

        assertThat(cancel(AMOUNT)).isInstanceOf(CancelResult.Unknown.class);
    }

    @Test
    void sendsTheIdempotencyKeyBasicAuthAndTheBodyAsGivenWithoutAnAccountWhenNoneIsGiven() {
        answerCancel(
                200,
                paymentAfterCancels("PARTIAL_CANCELED", 10_000, cancelEntry(5_000, REASON, CANCELED_AT, "tx", 10_000)));

        client.cancel(paymentKey, 5_000, REASON, "refund-42", null);

        pg.server()
                .verify(postRequestedFor(urlEqualTo(cancelPath()))
                        .withHeader("Idempotency-Key", equalTo("refund-42"))
                        .withHeader("Authorization", equalTo(EXPECTED_AUTHORIZATION))
                        .withHeader("Content-Type", containing("application/json"))
                        .withRequestBody(
                                equalToJson("{\"cancelReason\":\"%s\",\"cancelAmount\":5000}".formatted(REASON)))
                        .withRequestBody(not(matchingJsonPath("$.refundReceiveAccount"))));
    }

    @Test
    void sendsTheRefundAccountWhenGiven() {
        answerCancel(200, paymentAfterCancels("CANCELED", 0, cancelEntry(AMOUNT, REASON, CANCELED_AT, "tx", 0)));
        RefundReceiveAccount account = new RefundReceiveAccount("088", "12345678901234", "홍길동");

        assertThat(client.cancel(paymentKey, AMOUNT, REASON, "refund-7", account))
                .isInstanceOf(CancelResult.Canceled.class);

        pg.server()
                .verify(postRequestedFor(urlEqualTo(cancelPath()))
                        .withHeader("Idempotency-Key", equalTo("refund-7"))
                        .withRequestBody(equalToJson("""
                                {"cancelReason":"%s","cancelAmount":%d,
                                 "refundReceiveAccount":{"bank":"088","accountNumber":"12345678901234","holderName":"홍길동"}}""".formatted(REASON, AMOUNT))));
        assertThat(account.toString()).doesNotContain("12345678901234").doesNotContain("홍길동");
    }

    @Test
    void aWholeCancelNamesNoAmountAndIsMatchedOnTheWholePayment() {
        pg.virtualAccountUntilCancelled(orderId, paymentKey, AMOUNT);

        CancelResult result = client.cancelWhole(paymentKey, "입금 기한 만료", "deposit-expired-" + orderId);

        assertThat(result).isInstanceOfSatisfying(CancelResult.Canceled.class, canceled -> {
            assertThat(canceled.payment().paymentStatus()).isEqualTo(PgPaymentStatus.CANCELED);
            assertThat(canceled.payment().balanceAmount()).isZero();
            assertThat(canceled.cancel().cancelAmount()).isEqualTo(AMOUNT);
            assertThat(canceled.cancel().cancelReason()).isEqualTo("입금 기한 만료");
        });
        pg.server()
                .verify(postRequestedFor(urlEqualTo(cancelPath()))
                        .withHeader("Idempotency-Key", equalTo("deposit-expired-" + orderId))
                        .withRequestBody(equalToJson("{\"cancelReason\":\"입금 기한 만료\"}")));
        assertThat(client.cancelWhole(paymentKey, "입금 기한 만료", "deposit-expired-" + orderId + ".2"))
                .as("a payment cancelled in full cannot be cancelled again")
                .isEqualTo(new CancelResult.Refused("ALREADY_CANCELED_PAYMENT", "이미 취소된 결제 입니다."));
    }

    @ParameterizedTest(name = "{0} {1} is a refusal")
    @CsvSource({
        "403, NOT_CANCELABLE_AMOUNT",
        "403, NOT_CANCELABLE_PAYMENT",
        "400, ALREADY_CANCELED_PAYMENT",
        "403, EXCEED_MAX_REFUND_DUE",
        "400, NOT_MATCHES_REFUNDABLE_AMOUNT",
        "400, REFUND_REJECTED",
        "400, INVALID_REFUND_ACCOUNT_INFO",
        "400, INVALID_REFUND_ACCOUNT_NUMBER",
        "400, INVALID_BANK",
        "403, NOT_ALLOWED_PARTIAL_REFUND",
        "403, NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT",
        "403, EXCEED_CANCEL_LIMIT",
        "403, FORBIDDEN_REQUEST",
        "404, NOT_FOUND_PAYMENT",
        "400, ALREADY_REFUND_PAYMENT",
        "400, FORBIDDEN_BANK_REFUND_REQUEST",
        "400, INVALID_REQUEST"
    })
    void definitiveCancelCodesAreRefusals(int status, String code) {
        answerCancel(status, TossPgStub.error(code, "취소할 수 없습니다."));

        assertThat(cancel(5_000)).isEqualTo(new CancelResult.Refused(code, "취소할 수 없습니다."));
    }

    @Test
    void consecutiveCancelWithinASecondIsRetryLaterAfterAtLeastASecond() {
        answerCancel(403, TossPgStub.error("FORBIDDEN_CONSECUTIVE_REQUEST", "반복적인 요청은 허용되지 않습니다."));

        assertThat(cancel(5_000)).isInstanceOfSatisfying(CancelResult.RetryLater.class, later -> {
            assertThat(later.atLeast()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(later.reason()).contains("403").contains("FORBIDDEN_CONSECUTIVE_REQUEST");
        });
    }

    @Test
    void bankOutOfServiceHoursIsRetryLater() {
        answerCancel(403, TossPgStub.error("NOT_AVAILABLE_BANK", "은행 서비스 시간이 아닙니다."));

        assertThat(cancel(5_000))
                .isInstanceOfSatisfying(CancelResult.RetryLater.class, later -> assertThat(later.atLeast())
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @ParameterizedTest(name = "{0} {1} leaves the cancel unknown; stored under the key: {2}")
    @CsvSource({
        "400, PROVIDER_ERROR,                        true",
        "400, SOME_CODE_THIS_VERSION_DOES_NOT_KNOW,  true",
        "403, ANOTHER_CODE_THIS_VERSION_DOES_NOT_KNOW, true",
        "500, FAILED_INTERNAL_SYSTEM_PROCESSING,     true",
        "500, FAILED_REFUND_PROCESS,                 true",
        "500, FAILED_METHOD_HANDLING_CANCEL,         true",
        "500, FAILED_PARTIAL_REFUND,                 true",
        "500, COMMON_ERROR,                          true",
        "503, '',                                    false",
        "409, IDEMPOTENT_REQUEST_PROCESSING,         false",
        "429, TOO_MANY_REQUESTS,                     false",
        "401, UNAUTHORIZED_KEY,                      false",
        "400, INVALID_API_KEY,                       false",
        "400, '',                                    false"
    })
    void transientServerAndMisconfigurationAnswersAreUnknownNeverRefused(int status, String code, boolean keySpent) {
        answerCancel(status, code.isEmpty() ? "<html>Service Unavailable</html>" : TossPgStub.error(code, "오류"));

        assertThat(cancel(5_000)).isInstanceOfSatisfying(CancelResult.Unknown.class, unknown -> {
            assertThat(unknown.reason())
                    .contains(String.valueOf(status))
                    .contains(code)
                    .doesNotContain(SECRET_KEY)
                    .doesNotContain("refund-key-1");
            assertThat(unknown.keySpent())
                    .as("replayed under the same Idempotency-Key")
                    .isEqualTo(keySpent);
        });
    }

    @Test
    void readTimeoutOnACancelIsUnknown() {
        client = clientFor(pg.baseUrl(), "500ms");
        answerCancel(
                200,
                paymentAfterCancels("CANCELED", 0, cancelEntry(AMOUNT, REASON, CANCELED_AT, "tx", 0)),
                Duration.ofSeconds(5));

        long started = System.nanoTime();
        CancelResult result = cancel(AMOUNT);

        assertThat(result).isInstanceOfSatisfying(CancelResult.Unknown.class, unknown -> assertThat(unknown.keySpent())
                .as("the PG may still be cancelling under the key")
                .isFalse());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        assertThat(calls("cancel", "unknown")).isOne();
    }

    @Test
    void aLookedUpPaymentCarriesItsCancelsAndAPaymentNeverCancelledHasNone() {
        pg.paymentByKey(paymentKey, orderId, AMOUNT, "DONE");

        assertThat(client.paymentByKey(paymentKey)).isInstanceOfSatisfying(LookupResult.Found.class, found -> {
            assertThat(found.payment().cancels()).isEmpty();
            assertThat(found.payment().balanceAmount()).isEqualTo(AMOUNT);
        });
        // the matcher on a looked-up payment, as the refund job settles an unknown outcome
        TossPayment none = ((LookupResult.Found) client.paymentByKey(paymentKey)).payment();
        assertThat(CancelMatcher.match(none, AMOUNT, REASON, Set.of())).isEmpty();
    }
}
