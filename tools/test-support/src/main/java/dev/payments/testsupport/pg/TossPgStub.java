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
 * <p>Every method Toss names has its Payment ({@link #payment(String, String, long, String, String)}): a card, easy pay
 * (with its {@code easyPay} and the card it paid with), a transfer, a phone payment; and a virtual account
 * ({@link #virtualAccountPayment}) awaiting its deposit, deposited or cancelled, with the stub's account
 * ({@link #VA_ACCOUNT_NUMBER}) and, where a test gives one, its {@code secret}. {@link #issueVirtualAccount} makes a
 * confirm answer {@code WAITING_FOR_DEPOSIT}; {@link #virtualAccountUntilCancelled} plays a virtual account past its
 * deadline, as the PG holds it until the deposit cancel.
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

    /** {@code method} of a card payment. */
    public static final String CARD = "카드";

    /** {@code method} of a virtual-account payment. */
    public static final String VIRTUAL_ACCOUNT = "가상계좌";

    /** {@code method} of an easy-pay payment (토스페이, 카카오페이...). */
    public static final String EASY_PAY = "간편결제";

    /** {@code method} of a bank-transfer payment. */
    public static final String TRANSFER = "계좌이체";

    /** {@code method} of a mobile-phone payment. */
    public static final String MOBILE_PHONE = "휴대폰";

    /** The account number of every virtual account this stub issues (Toss's test accounts start with X). */
    public static final String VA_ACCOUNT_NUMBER = "X6505636518308";

    /** The bank of every virtual account this stub issues. */
    public static final String VA_BANK_CODE = "20";

    /** The holder of every virtual account this stub issues. */
    public static final String VA_CUSTOMER_NAME = "박토스";

    /** A deposit deadline in Toss's format, for tests that need one. */
    public static final String VA_DUE_DATE = "2026-11-30T23:59:59+09:00";

    /** A payment {@code secret} in Toss's shape, for tests that need one. */
    public static final String VA_SECRET = "ps_Z1aOwX7K8mYQ2n0QvKPq8yQxzvNP";

    /** The cancel reason of the cancels[] entry of a virtual account cancelled before its deposit, in look-ups. */
    public static final String DEPOSIT_CANCEL_REASON = "입금 기한 만료";

    /** The transactionKey of the cancel of a virtual account cancelled before its deposit. */
    public static final String DEPOSIT_CANCEL_TRANSACTION_KEY = "D3C1A2B4E5F60718293A4B5C6D7E8F90";

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

    /**
     * Approves the confirm of {@code orderId} as a payment of {@code method} ({@link #EASY_PAY}, {@link #TRANSFER},
     * {@link #MOBILE_PHONE}, {@link #CARD}...): {@code 200} with a {@code DONE} Payment echoing the request and carrying
     * that method's own object.
     */
    public void approve(String orderId, String method) {
        server.stubFor(confirmOf(orderId).willReturn(approvedEcho(method)));
    }

    /**
     * Issues a virtual account for the confirm of {@code orderId}: {@code 200} with a {@code WAITING_FOR_DEPOSIT}
     * Payment ({@code method} 가상계좌, {@code approvedAt} null) echoing the request, with {@code secret} and the stub's
     * account due at {@code dueDate} ({@code yyyy-MM-dd'T'HH:mm:ss+09:00}).
     */
    public void issueVirtualAccount(String orderId, String secret, String dueDate) {
        server.stubFor(confirmOf(orderId)
                .willReturn(json(
                                200,
                                echo(
                                        "WAITING_FOR_DEPOSIT",
                                        VIRTUAL_ACCOUNT,
                                        virtualAccountJson(dueDate, "null"),
                                        secret))
                        .withTransformers("response-template")));
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

    /** {@code GET /v1/payments/orders/{orderId}} answers {@code body}. */
    public void answerPaymentByOrderId(String orderId, String body) {
        server.stubFor(get(urlEqualTo(BY_ORDER_PATH + encode(orderId)))
                .atPriority(PER_ORDER)
                .willReturn(json(200, body)));
    }

    /**
     * Both look-ups of a virtual account's payment (by {@code paymentKey} and by {@code orderId}) answer it in
     * {@code status} (see {@link #virtualAccountPayment}), due at {@link #VA_DUE_DATE}.
     *
     * @param secret the payment's {@code secret} as the look-up shows it; null: not shown
     */
    public void virtualAccount(String orderId, String paymentKey, long amount, String status, String secret) {
        String body = virtualAccountPayment(orderId, paymentKey, amount, status, secret, VA_DUE_DATE);
        answerPaymentByKey(paymentKey, body);
        answerPaymentByOrderId(orderId, body);
    }

    /**
     * A virtual account that waits for its deposit until it is cancelled, as the PG holds it: look-ups (by key and by
     * orderId) answer {@code WAITING_FOR_DEPOSIT}; a cancel of {@code paymentKey} answers {@code 200} with the payment
     * {@code CANCELED} (one cancels[] entry of the whole amount, with the request's reason), and the look-ups after it
     * answer {@code CANCELED}. Further cancels answer {@code 400 ALREADY_CANCELED_PAYMENT}.
     */
    public void virtualAccountUntilCancelled(String orderId, String paymentKey, long amount) {
        String scenario = "virtual-account-" + paymentKey;
        String waiting = virtualAccountPayment(orderId, paymentKey, amount, "WAITING_FOR_DEPOSIT", null, VA_DUE_DATE);
        String canceled = virtualAccountPayment(orderId, paymentKey, amount, "CANCELED", null, VA_DUE_DATE);
        String cancelAnswer = canceled.replace(
                "\"cancelReason\":" + quote(DEPOSIT_CANCEL_REASON),
                "\"cancelReason\":\"{{jsonPath request.body '$.cancelReason'}}\"");
        for (String path : List.of(PAYMENTS_PATH + encode(paymentKey), BY_ORDER_PATH + encode(orderId))) {
            server.stubFor(get(urlEqualTo(path))
                    .atPriority(PER_ORDER)
                    .inScenario(scenario)
                    .whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(json(200, waiting)));
            server.stubFor(get(urlEqualTo(path))
                    .atPriority(PER_ORDER)
                    .inScenario(scenario)
                    .whenScenarioStateIs("canceled")
                    .willReturn(json(200, canceled)));
        }
        server.stubFor(cancelOf(paymentKey)
                .atPriority(PER_PAYMENT)
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, cancelAnswer).withTransformers("response-template"))
                .willSetStateTo("canceled"));
        server.stubFor(cancelOf(paymentKey)
                .atPriority(PER_PAYMENT)
                .inScenario(scenario)
                .whenScenarioStateIs("canceled")
                .willReturn(json(400, error("ALREADY_CANCELED_PAYMENT", "이미 취소된 결제 입니다."))));
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

    /** The bodies of the cancel requests for {@code paymentKey}, oldest first. */
    public List<String> cancelBodies(String paymentKey) {
        return cancels(paymentKey).stream().map(LoggedRequest::getBodyAsString).toList();
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
        return payment(orderId, paymentKey, amount, status, CARD);
    }

    /**
     * A Toss Payment object of {@code method} ({@link #CARD}, {@link #EASY_PAY}, {@link #TRANSFER},
     * {@link #MOBILE_PHONE}, any other string, or null: no method object) with {@code status}, carrying that method's
     * own object as Toss does (easy pay: {@code easyPay} and the {@code card} it paid with). {@code approvedAt} is set
     * only for approved ones. For a virtual account, see {@link #virtualAccountPayment}.
     */
    public static String payment(String orderId, String paymentKey, long amount, String status, String method) {
        boolean approved = status.equals("DONE") || status.endsWith("CANCELED");
        String failure = status.equals("ABORTED") ? error("REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족") : "null";
        return paymentJson(
                quote(paymentKey),
                quote(orderId),
                String.valueOf(amount),
                status,
                method,
                approved ? quote(APPROVED_AT) : "null",
                failure,
                "null",
                "null");
    }

    /**
     * A Toss Payment object of a virtual account ({@code 가상계좌}) with {@code status}: {@code WAITING_FOR_DEPOSIT}
     * (issued, not paid), {@code DONE} (deposited: {@code approvedAt} and the depositor are set) or {@code CANCELED}
     * (cancelled before its deposit: one cancels[] entry of the whole amount, reason
     * {@link #DEPOSIT_CANCEL_REASON}, balance 0), with the account {@link #VA_BANK_CODE}, {@link #VA_ACCOUNT_NUMBER},
     * {@link #VA_CUSTOMER_NAME} due at {@code dueDate}.
     *
     * @param secret the payment's {@code secret}; null as a look-up that does not show it
     */
    public static String virtualAccountPayment(
            String orderId, String paymentKey, long amount, String status, String secret, String dueDate) {
        String body = paymentJson(
                quote(paymentKey),
                quote(orderId),
                String.valueOf(amount),
                status,
                VIRTUAL_ACCOUNT,
                status.equals("DONE") || status.equals("PARTIAL_CANCELED") ? quote(APPROVED_AT) : "null",
                "null",
                virtualAccountJson(dueDate, status.equals("WAITING_FOR_DEPOSIT") ? "null" : quote(VA_CUSTOMER_NAME)),
                secret == null ? "null" : quote(secret));
        if (!status.equals("CANCELED")) {
            return body;
        }
        String cancel = cancelEntry(amount, DEPOSIT_CANCEL_REASON, CANCELED_AT, DEPOSIT_CANCEL_TRANSACTION_KEY, 0);
        return body.replace("\"cancels\":null", "\"cancels\":[" + cancel + "]")
                .replace("\"balanceAmount\":" + amount + ",", "\"balanceAmount\":0,")
                .replace(
                        "\"lastTransactionKey\":\"9C62B18EEF0DE3EB7F4422EB6D14BC6E\"",
                        "\"lastTransactionKey\":" + quote(DEPOSIT_CANCEL_TRANSACTION_KEY));
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

    /** A Payment echoing the confirm request's paymentKey, orderId and amount (a response template). */
    private static String echo(String status, String method, String virtualAccount, String secret) {
        return paymentJson(
                "\"{{jsonPath request.body '$.paymentKey'}}\"",
                "\"{{jsonPath request.body '$.orderId'}}\"",
                "{{jsonPath request.body '$.amount'}}",
                status,
                method,
                status.equals("DONE") ? quote(APPROVED_AT) : "null",
                "null",
                virtualAccount,
                secret == null ? "null" : quote(secret));
    }

    /**
     * A Payment as Toss writes it, the values given as JSON (literals, or response-template expressions: every value
     * is followed by a space or a comma, never by a brace that would close the expression early).
     */
    private static String paymentJson(
            String paymentKey,
            String orderId,
            String amount,
            String status,
            String method,
            String approvedAt,
            String failure,
            String virtualAccount,
            String secret) {
        String card = """
                {"issuerCode":"71","acquirerCode":"71","number":"12345678****000*","installmentPlanMonths":0,
                 "isInterestFree":false,"interestPayer":null,"approveNo":"00000000","useCardPoint":false,
                 "cardType":"신용","ownerType":"개인","acquireStatus":"READY","amount":%s }""".formatted(amount);
        String transfer = "{\"bankCode\":\"20\",\"settlementStatus\":\"INCOMPLETED\" }";
        String mobilePhone = """
                {"customerMobilePhone":"01012345678","settlementStatus":"INCOMPLETED",
                 "receiptUrl":"https://dashboard.tosspayments.com/receipt/phone" }""";
        String easyPay = "{\"provider\":\"토스페이\",\"amount\":0,\"discountAmount\":0 }";
        boolean cardPaid = CARD.equals(method) || EASY_PAY.equals(method);
        return """
                {"mId":"tosspayments","lastTransactionKey":"9C62B18EEF0DE3EB7F4422EB6D14BC6E","paymentKey":%1$s,
                 "orderId":%2$s,"orderName":"토스 티셔츠 외 2건","taxExemptionAmount":0,"status":%3$s,
                 "requestedAt":%4$s,"approvedAt":%5$s,"useEscrow":false,"cultureExpense":false,
                 "card":%6$s,
                 "virtualAccount":%7$s,"transfer":%8$s,"mobilePhone":%9$s,"giftCertificate":null,"cashReceipt":null,
                 "cashReceipts":null,"discount":null,"cancels":null,"secret":%10$s,"type":"NORMAL","easyPay":%11$s,
                 "country":"KR","failure":%12$s,"isPartialCancelable":true,
                 "receipt":{"url":"https://dashboard.tosspayments.com/receipt/redirection?transactionId=tviva0001"},
                 "checkout":{"url":"https://api.tosspayments.com/v1/payments/checkout/redirect"},
                 "currency":"KRW","totalAmount":%13$s,"balanceAmount":%13$s,"suppliedAmount":0,"vat":0,
                 "taxFreeAmount":0,"method":%14$s,"version":"2022-11-16","metadata":null}""".formatted(
                        paymentKey,
                        orderId,
                        quote(status),
                        quote(REQUESTED_AT),
                        approvedAt,
                        cardPaid ? card : "null",
                        virtualAccount,
                        TRANSFER.equals(method) ? transfer : "null",
                        MOBILE_PHONE.equals(method) ? mobilePhone : "null",
                        secret,
                        EASY_PAY.equals(method) ? easyPay : "null",
                        failure,
                        amount.startsWith("{{") ? amount + " " : amount,
                        method == null ? "null" : quote(method));
    }

    /** Toss's {@code virtualAccount}: the stub's account, due at {@code dueDate}, {@code depositorName} as JSON. */
    private static String virtualAccountJson(String dueDate, String depositorName) {
        return """
                {"accountType":"일반","accountNumber":%s,"bankCode":%s,"customerName":%s,"depositorName":%s,
                 "dueDate":%s,"refundStatus":"NONE","expired":false,"settlementStatus":"INCOMPLETED",
                 "refundReceiveAccount":null}""".formatted(
                quote(VA_ACCOUNT_NUMBER), quote(VA_BANK_CODE), quote(VA_CUSTOMER_NAME), depositorName, quote(dueDate));
    }

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
        return approvedEcho(CARD);
    }

    private static ResponseDefinitionBuilder approvedEcho(String method) {
        return json(200, echo("DONE", method, "null", null)).withTransformers("response-template");
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
