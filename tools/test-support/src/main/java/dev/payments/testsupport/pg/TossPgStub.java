package dev.payments.testsupport.pg;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A Toss Payments-shaped PG for tests: a real HTTP server (WireMock on a dynamic port) that answers the v1 subset the
 * worker uses (docs/contract.md §5) with Toss's bodies and HTTP statuses: Payment objects as in {@code pg-reference.md},
 * errors as {@code {"code","message"}}.
 *
 * <p>Confirm answers are set per orderId (matched on the request body's {@code orderId}); cancel answers per paymentKey
 * (the cancel's URL), and per Idempotency-Key where a test needs the PG's replay of a key's stored answer; look-ups per
 * paymentKey or orderId. A confirm for an orderId without an answer gets WireMock's plain 404 (not a Toss error), unless
 * {@link #approveEveryConfirm()} is in force; a look-up without an answer gets Toss's {@code 404 NOT_FOUND_PAYMENT}.
 * Every approved Payment carries {@link #APPROVED_AT}, so tests can follow it through.
 *
 * <pre>{@code
 * try (TossPgStub pg = TossPgStub.start()) {
 *     pg.failThenApprove("order-1", 2);
 *     ... point payments.pg.base-url at pg.baseUrl() and run ...
 *     assertThat(pg.idempotencyKeys("order-1")).hasSize(3).containsOnly("confirm-order-1");
 * }
 * }</pre>
 */
public final class TossPgStub implements AutoCloseable {

    /** {@code approvedAt} of every approved Payment this stub returns (Toss's format, Korean time). */
    public static final String APPROVED_AT = "2026-11-23T19:15:31+09:00";

    /** {@code requestedAt} of every Payment this stub returns. */
    public static final String REQUESTED_AT = "2026-11-23T19:15:00+09:00";

    /** {@code canceledAt} of the cancels[] entries tests make with {@link #cancelEntry} unless they name another. */
    public static final String CANCELED_AT = "2026-11-24T10:00:00+09:00";

    /** The confirm endpoint. */
    public static final String CONFIRM_PATH = "/v1/payments/confirm";

    private static final String PAYMENTS_PATH = "/v1/payments/";
    private static final String BY_ORDER_PATH = "/v1/payments/orders/";
    private static final int PER_ORDER = 1;
    /** A cancel answer for one Idempotency-Key wins over the payment's answer for every key. */
    private static final int PER_IDEMPOTENCY_KEY = 1;

    private static final int PER_PAYMENT = 5;
    private static final int FALLBACK = 10;

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final WireMockServer server;

    private TossPgStub(WireMockServer server) {
        this.server = server;
    }

    /** Starts a stub on a free port of the loopback interface. Close it when done. */
    public static TossPgStub start() {
        WireMockServer server = new WireMockServer(wireMockConfig()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                // delayed answers hold a thread each; leave room for many at once
                .containerThreads(64)
                .templatingEnabled(true)
                .globalTemplating(false));
        server.start();
        TossPgStub stub = new TossPgStub(server);
        stub.answerUnknownLookupsWithNotFound();
        return stub;
    }

    /** The value for {@code payments.pg.base-url}, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The underlying server, for stubs and checks this API does not offer. */
    public WireMockServer server() {
        return server;
    }

    /** Forgets every answer, scenario and recorded request (the not-found look-up fallback is kept). */
    public void reset() {
        server.resetAll();
        answerUnknownLookupsWithNotFound();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- confirm answers ----------------------------------------------------------------------------------------

    /**
     * Approves every confirm that has no answer of its own: {@code 200} with a {@code DONE} Payment echoing the
     * request's paymentKey, orderId and amount.
     */
    public void approveEveryConfirm() {
        server.stubFor(post(urlEqualTo(CONFIRM_PATH)).atPriority(FALLBACK).willReturn(approvedEcho()));
    }

    /** Approves the confirm of {@code orderId}: {@code 200} with a {@code DONE} Payment echoing the request. */
    public void approve(String orderId) {
        server.stubFor(confirmOf(orderId).willReturn(approvedEcho()));
    }

    /** Approves the confirm of {@code orderId}, but only after {@code delay} (a slow PG). */
    public void approveAfter(String orderId, Duration delay) {
        server.stubFor(confirmOf(orderId).willReturn(approvedEcho().withFixedDelay(Math.toIntExact(delay.toMillis()))));
    }

    /**
     * Refuses the confirm of {@code orderId} with a Toss error, e.g. {@code reject(id, 403, "REJECT_CARD_PAYMENT",
     * "한도초과 혹은 잔액부족")} or {@code reject(id, 404, "NOT_FOUND_PAYMENT_SESSION", ...)}.
     */
    public void reject(String orderId, int httpStatus, String code, String message) {
        server.stubFor(confirmOf(orderId).willReturn(json(httpStatus, error(code, message))));
    }

    /**
     * Answers the first {@code failures} confirms of {@code orderId} with {@code 500
     * FAILED_INTERNAL_SYSTEM_PROCESSING}, then approves (and keeps approving, as Toss replays the stored answer of an
     * Idempotency-Key).
     */
    public void failThenApprove(String orderId, int failures) {
        String scenario = "fail-then-approve-" + orderId;
        for (int i = 0; i < failures; i++) {
            server.stubFor(confirmOf(orderId)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "failed-" + i)
                    .willReturn(json(500, error("FAILED_INTERNAL_SYSTEM_PROCESSING", "내부 시스템 처리 작업이 실패했습니다.")))
                    .willSetStateTo("failed-" + (i + 1)));
        }
        server.stubFor(confirmOf(orderId)
                .inScenario(scenario)
                .whenScenarioStateIs(failures == 0 ? Scenario.STARTED : "failed-" + failures)
                .willReturn(approvedEcho()));
    }

    /**
     * The payment was already confirmed: every confirm of {@code orderId} answers {@code 400
     * ALREADY_PROCESSED_PAYMENT}, and the look-up of {@code paymentKey} answers the {@code DONE} Payment.
     */
    public void alreadyProcessed(String orderId, String paymentKey, long amount) {
        server.stubFor(confirmOf(orderId).willReturn(json(400, error("ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다."))));
        paymentByKey(paymentKey, orderId, amount, "DONE");
    }

    /** Every confirm of {@code orderId} answers {@code 409 IDEMPOTENT_REQUEST_PROCESSING} (first request still running). */
    public void idempotentRequestProcessing(String orderId) {
        server.stubFor(
                confirmOf(orderId).willReturn(json(409, error("IDEMPOTENT_REQUEST_PROCESSING", "이전 멱등 요청이 처리중입니다."))));
    }

    /** Every confirm of {@code orderId} answers {@code httpStatus} with {@code body} as JSON. */
    public void answerConfirm(String orderId, int httpStatus, String body) {
        server.stubFor(confirmOf(orderId).willReturn(json(httpStatus, body)));
    }

    // ---- cancel answers ---------------------------------------------------------------------------------------------

    /** One answer of the PG: an HTTP status and a JSON body, sent after {@code delay} (zero: at once). */
    public record Answer(int httpStatus, String body, Duration delay) {

        public Answer(int httpStatus, String body) {
            this(httpStatus, body, Duration.ZERO);
        }
    }

    /**
     * Every cancel of {@code paymentKey} (under any Idempotency-Key without an answer of its own) answers
     * {@code answer}, e.g. {@code new Answer(200, canceledPayment(...))} or {@code new Answer(403,
     * error("NOT_CANCELABLE_AMOUNT", ...))}. A later call replaces it.
     */
    public void answerCancel(String paymentKey, Answer answer) {
        server.stubFor(cancelOf(paymentKey).atPriority(PER_PAYMENT).willReturn(response(answer)));
    }

    /**
     * Cancels of {@code paymentKey} under {@code idempotencyKey} answer {@code answer}, whatever the payment's other
     * answers: the PG's replay of the answer it stored under that key.
     */
    public void answerCancelUnderKey(String paymentKey, String idempotencyKey, Answer answer) {
        server.stubFor(cancelOf(paymentKey)
                .atPriority(PER_IDEMPOTENCY_KEY)
                .withHeader(IDEMPOTENCY_KEY, equalTo(idempotencyKey))
                .willReturn(response(answer)));
    }

    /**
     * The cancels of {@code paymentKey} answer in turn: the first cancel {@code answers[0]}, the second
     * {@code answers[1]}, ..., and every cancel after them the last one again.
     */
    public void answerCancelsInTurn(String paymentKey, Answer... answers) {
        if (answers.length == 0) {
            throw new IllegalArgumentException("no answers");
        }
        String scenario = "cancels-in-turn-" + paymentKey;
        for (int i = 0; i < answers.length; i++) {
            ScenarioMappingBuilder stub = cancelOf(paymentKey)
                    .atPriority(PER_PAYMENT)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answered-" + i)
                    .willReturn(response(answers[i]));
            server.stubFor(i == answers.length - 1 ? stub : stub.willSetStateTo("answered-" + (i + 1)));
        }
    }

    /** {@code GET /v1/payments/{paymentKey}} answers {@code body}, e.g. a {@link #canceledPayment}. */
    public void answerPaymentByKey(String paymentKey, String body) {
        server.stubFor(get(urlEqualTo(PAYMENTS_PATH + encode(paymentKey)))
                .atPriority(PER_ORDER)
                .willReturn(json(200, body)));
    }

    // ---- look-ups ---------------------------------------------------------------------------------------------------

    /** {@code GET /v1/payments/{paymentKey}} answers the Payment with {@code status} (DONE, ABORTED, EXPIRED...). */
    public void paymentByKey(String paymentKey, String orderId, long amount, String status) {
        server.stubFor(get(urlEqualTo(PAYMENTS_PATH + encode(paymentKey)))
                .atPriority(PER_ORDER)
                .willReturn(json(200, payment(orderId, paymentKey, amount, status))));
    }

    /** {@code GET /v1/payments/orders/{orderId}} answers the Payment with {@code status}. */
    public void paymentByOrderId(String orderId, String paymentKey, long amount, String status) {
        server.stubFor(get(urlEqualTo(BY_ORDER_PATH + encode(orderId)))
                .atPriority(PER_ORDER)
                .willReturn(json(200, payment(orderId, paymentKey, amount, status))));
    }

    // ---- what the PG saw --------------------------------------------------------------------------------------------

    /** How many confirm requests for {@code orderId} the PG received. */
    public int confirmRequests(String orderId) {
        return confirms(orderId).size();
    }

    /** The {@code Idempotency-Key} header of each confirm request for {@code orderId}, oldest first (null if absent). */
    public List<String> idempotencyKeys(String orderId) {
        return confirms(orderId).stream().map(r -> r.getHeader(IDEMPOTENCY_KEY)).toList();
    }

    /** The {@code Authorization} header of each confirm request for {@code orderId}, oldest first (null if absent). */
    public List<String> authorizationHeaders(String orderId) {
        return confirms(orderId).stream().map(r -> r.getHeader("Authorization")).toList();
    }

    /** How many cancel requests for {@code paymentKey} the PG received. */
    public int cancelRequests(String paymentKey) {
        return cancels(paymentKey).size();
    }

    /** The {@code Idempotency-Key} header of each cancel request for {@code paymentKey}, oldest first (null if absent). */
    public List<String> cancelIdempotencyKeys(String paymentKey) {
        return cancels(paymentKey).stream()
                .map(r -> r.getHeader(IDEMPOTENCY_KEY))
                .toList();
    }

    /** How many {@code GET /v1/payments/{paymentKey}} requests the PG received. */
    public int lookupsByKey(String paymentKey) {
        return server.findAll(getRequestedFor(urlEqualTo(PAYMENTS_PATH + encode(paymentKey))))
                .size();
    }

    /** How many {@code GET /v1/payments/orders/{orderId}} requests the PG received. */
    public int lookupsByOrderId(String orderId) {
        return server.findAll(getRequestedFor(urlEqualTo(BY_ORDER_PATH + encode(orderId))))
                .size();
    }

    // ---- bodies -----------------------------------------------------------------------------------------------------

    /** A Toss Payment object (card payment) with {@code status}; {@code approvedAt} is set only for approved ones. */
    public static String payment(String orderId, String paymentKey, long amount, String status) {
        boolean approved = status.equals("DONE") || status.endsWith("CANCELED");
        String failure = status.equals("ABORTED") ? error("REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족") : "null";
        return """
                {"mId":"tosspayments","lastTransactionKey":"9C62B18EEF0DE3EB7F4422EB6D14BC6E","paymentKey":%1$s,
                 "orderId":%2$s,"orderName":"토스 티셔츠 외 2건","taxExemptionAmount":0,"status":%3$s,
                 "requestedAt":%4$s,"approvedAt":%5$s,"useEscrow":false,"cultureExpense":false,
                 "card":{"issuerCode":"71","acquirerCode":"71","number":"12345678****000*","installmentPlanMonths":0,
                         "isInterestFree":false,"interestPayer":null,"approveNo":"00000000","useCardPoint":false,
                         "cardType":"신용","ownerType":"개인","acquireStatus":"READY","amount":%6$d},
                 "virtualAccount":null,"transfer":null,"mobilePhone":null,"giftCertificate":null,"cashReceipt":null,
                 "cashReceipts":null,"discount":null,"cancels":null,"secret":null,"type":"NORMAL","easyPay":null,
                 "country":"KR","failure":%7$s,"isPartialCancelable":true,
                 "receipt":{"url":"https://dashboard.tosspayments.com/receipt/redirection?transactionId=tviva0001"},
                 "checkout":{"url":"https://api.tosspayments.com/v1/payments/checkout/redirect"},
                 "currency":"KRW","totalAmount":%6$d,"balanceAmount":%6$d,"suppliedAmount":0,"vat":0,
                 "taxFreeAmount":0,"method":"카드","version":"2022-11-16","metadata":null}""".formatted(
                        quote(paymentKey),
                        quote(orderId),
                        quote(status),
                        quote(REQUESTED_AT),
                        approved ? quote(APPROVED_AT) : "null",
                        amount,
                        failure);
    }

    /**
     * A Toss Payment (card payment) after cancels: {@code status} (CANCELED, PARTIAL_CANCELED...), {@code balance} left
     * of {@code amount}, {@code cancels} ({@link #cancelEntry}) oldest first, and the last one's key as
     * {@code lastTransactionKey}.
     */
    public static String canceledPayment(
            String orderId, String paymentKey, long amount, String status, long balance, String... cancels) {
        return payment(orderId, paymentKey, amount, status)
                .replace("\"cancels\":null", "\"cancels\":[" + String.join(",", cancels) + "]")
                .replace("\"balanceAmount\":" + amount + ",", "\"balanceAmount\":" + balance + ",")
                .replace(
                        "\"lastTransactionKey\":\"9C62B18EEF0DE3EB7F4422EB6D14BC6E\"",
                        "\"lastTransactionKey\":"
                                + (cancels.length == 0
                                        ? "null"
                                        : quote(lastTransactionKey(cancels[cancels.length - 1]))));
    }

    /**
     * One {@code cancels[]} entry as Toss writes it ({@code cancelStatus} DONE).
     *
     * @param refundableAmount the payment's balance after this cancel
     */
    public static String cancelEntry(
            long amount, String reason, String canceledAt, String transactionKey, long refundableAmount) {
        return """
                {"transactionKey":%1$s,"cancelReason":%2$s,"taxExemptionAmount":0,"canceledAt":%3$s,
                 "easyPayDiscountAmount":0,"receiptKey":%4$s,"cancelAmount":%5$d,"taxFreeAmount":0,
                 "refundableAmount":%6$d,"cancelStatus":"DONE","cancelRequestId":null}""".formatted(
                        quote(transactionKey),
                        quote(reason),
                        quote(canceledAt),
                        quote("rk-" + transactionKey),
                        amount,
                        refundableAmount);
    }

    private static String lastTransactionKey(String cancelEntry) {
        String field = "{\"transactionKey\":\"";
        int start = cancelEntry.indexOf(field) + field.length();
        return cancelEntry.substring(start, cancelEntry.indexOf('"', start));
    }

    /** A Toss error body: {@code {"code":"…","message":"…"}}. */
    public static String error(String code, String message) {
        return "{\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}";
    }

    private static final String APPROVED_ECHO = """
            {"mId":"tosspayments","lastTransactionKey":"9C62B18EEF0DE3EB7F4422EB6D14BC6E",
             "paymentKey":"{{jsonPath request.body '$.paymentKey'}}","orderId":"{{jsonPath request.body '$.orderId'}}",
             "orderName":"토스 티셔츠 외 2건","taxExemptionAmount":0,"status":"DONE",
             "requestedAt":"%s","approvedAt":"%s","useEscrow":false,"cultureExpense":false,
             "card":{"issuerCode":"71","acquirerCode":"71","number":"12345678****000*","installmentPlanMonths":0,
                     "isInterestFree":false,"approveNo":"00000000","useCardPoint":false,"cardType":"신용",
                     "ownerType":"개인","acquireStatus":"READY","amount":{{jsonPath request.body '$.amount'}} },
             "cancels":null,"secret":null,"type":"NORMAL","easyPay":null,"country":"KR","failure":null,
             "isPartialCancelable":true,
             "receipt":{"url":"https://dashboard.tosspayments.com/receipt/redirection?transactionId=tviva0001"},
             "currency":"KRW","totalAmount":{{jsonPath request.body '$.amount'}},
             "balanceAmount":{{jsonPath request.body '$.amount'}},"suppliedAmount":0,"vat":0,"taxFreeAmount":0,
             "method":"카드","version":"2022-11-16","metadata":null}""".formatted(REQUESTED_AT, APPROVED_AT);

    private void answerUnknownLookupsWithNotFound() {
        server.stubFor(get(urlPathMatching(PAYMENTS_PATH + ".+"))
                .atPriority(FALLBACK)
                .willReturn(json(404, error("NOT_FOUND_PAYMENT", "존재하지 않는 결제 입니다."))));
    }

    private List<LoggedRequest> confirms(String orderId) {
        return server.findAll(postRequestedFor(urlEqualTo(CONFIRM_PATH))
                .withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId))));
    }

    private List<LoggedRequest> cancels(String paymentKey) {
        return server.findAll(postRequestedFor(urlEqualTo(cancelPath(paymentKey))));
    }

    private static MappingBuilder cancelOf(String paymentKey) {
        return post(urlEqualTo(cancelPath(paymentKey)));
    }

    private static String cancelPath(String paymentKey) {
        return PAYMENTS_PATH + encode(paymentKey) + "/cancel";
    }

    private static ResponseDefinitionBuilder response(Answer answer) {
        return json(answer.httpStatus(), answer.body())
                .withFixedDelay(Math.toIntExact(answer.delay().toMillis()));
    }

    private static MappingBuilder confirmOf(String orderId) {
        return post(urlEqualTo(CONFIRM_PATH))
                .atPriority(PER_ORDER)
                .withRequestBody(matchingJsonPath("$.orderId", equalTo(orderId)));
    }

    private static ResponseDefinitionBuilder approvedEcho() {
        return json(200, APPROVED_ECHO).withTransformers("response-template");
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
