package dev.payments.worker.pg.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.payments.schemas.PgPaymentStatus;
import dev.payments.schemas.RefundReceiveAccount;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PG's HTTP API (Toss Payments v1 subset, docs/contract.md §5) over the JDK HttpClient. Every call returns a result,
 * never throws: anything that is not a definitive answer is {@code Transient}. Neither the secret key nor the
 * Authorization header is ever logged; failure reasons name the HTTP status and the PG's code, not URLs.
 *
 * <p>Requests are built on the JDK client directly, not through Spring's RestClient: the calls are a few fixed
 * requests with byte bodies, so RestClient's URI templates, header maps and converter look-ups would be work done on
 * every call for nothing.
 */
@Component
public class TossPaymentsClient implements DisposableBean {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Logger log = LoggerFactory.getLogger(TossPaymentsClient.class);

    private static final String ALREADY_PROCESSED = "ALREADY_PROCESSED_PAYMENT";

    /** Codes that mean our own setup is wrong: never fail an order for them, keep retrying and tell an operator. */
    private static final Set<String> OUR_MISCONFIGURATION =
            Set.of("UNAUTHORIZED_KEY", "INVALID_API_KEY", "INVALID_IDEMPOTENCY_KEY");

    /** Codes Toss documents as "try again later", whatever HTTP status they come with. */
    private static final Set<String> TRY_AGAIN_LATER = Set.of(
            "IDEMPOTENT_REQUEST_PROCESSING",
            "PROVIDER_ERROR",
            "FORBIDDEN_CONSECUTIVE_REQUEST",
            "FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING",
            "FAILED_INTERNAL_SYSTEM_PROCESSING",
            "COMMON_ERROR",
            "UNKNOWN_ERROR");

    private static final Set<String> NOT_FOUND = Set.of("NOT_FOUND_PAYMENT", "NOT_FOUND");

    /** Cancel codes that are the PG's final word that no cancel was made (pg-reference "Cancel / refund"). */
    private static final Set<String> CANCEL_REFUSED = Set.of(
            "NOT_CANCELABLE_AMOUNT",
            "NOT_CANCELABLE_PAYMENT",
            "ALREADY_CANCELED_PAYMENT",
            "EXCEED_MAX_REFUND_DUE",
            "NOT_MATCHES_REFUNDABLE_AMOUNT",
            "REFUND_REJECTED",
            "INVALID_REFUND_ACCOUNT_INFO",
            "INVALID_REFUND_ACCOUNT_NUMBER",
            "INVALID_BANK",
            "NOT_ALLOWED_PARTIAL_REFUND",
            "NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT",
            "EXCEED_CANCEL_LIMIT",
            "FORBIDDEN_REQUEST",
            "NOT_FOUND_PAYMENT",
            "ALREADY_REFUND_PAYMENT",
            "FORBIDDEN_BANK_REFUND_REQUEST",
            "INVALID_REQUEST");

    /** The transactions list's startDate and endDate: local date-times, to the second, in the PG's time zone. */
    private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** Toss processes only the first of two cancels of one payment within a second. */
    static final Duration CONSECUTIVE_CANCEL_WAIT = Duration.ofSeconds(1);

    /** The bank is out of service hours; its maintenance windows last minutes, not seconds. */
    static final Duration BANK_UNAVAILABLE_WAIT = Duration.ofMinutes(10);

    private final HttpClient httpClient;
    private final String baseUrl;
    private final String authorization;
    private final Duration readTimeout;
    private final JsonMapper json;
    private final MeterRegistry meters;
    /** By operation and outcome: a registry look-up per call is a map build and a hash of the tags. */
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public TossPaymentsClient(PgProperties properties, JsonMapper json, MeterRegistry meters) {
        this.json = json;
        this.meters = meters;
        // HTTP/1.1: predictable against any PG or sandbox (no h2c upgrade attempts on plain HTTP)
        this.httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String base = properties.baseUrl().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = basicAuthorization(properties.secretKey());
        this.readTimeout = properties.readTimeout();
    }

    /** {@code Basic base64(secretKey + ":")}: the secret key is the user name, the password is empty. */
    static String basicAuthorization(String secretKey) {
        return "Basic " + Base64.getEncoder().encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /v1/payments/confirm}; every attempt for one order must carry the same {@code idempotencyKey}. */
    public ConfirmResult confirm(String paymentKey, String orderId, long amount, String idempotencyKey) {
        long started = System.nanoTime();
        ConfirmResult result;
        try {
            HttpRequest request =
                    post("/v1/payments/confirm", idempotencyKey, new ConfirmRequest(paymentKey, orderId, amount));
            result = confirmResult(orderId, send(request));
        } catch (IOException | RuntimeException e) {
            result = new ConfirmResult.Transient(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new ConfirmResult.Transient("interrupted while calling the PG");
        }
        record("confirm", outcome(result), started);
        return result;
    }

    /**
     * {@code POST /v1/payments/{paymentKey}/cancel} of {@code cancelAmount}. Every attempt of one refund must carry the
     * same {@code idempotencyKey}; a {@link CancelResult.RetryLater} is the one answer after which a new key is needed.
     *
     * @param refundReceiveAccount only for a deposited virtual account; null sends none
     */
    public CancelResult cancel(
            String paymentKey,
            long cancelAmount,
            String cancelReason,
            String idempotencyKey,
            RefundReceiveAccount refundReceiveAccount) {
        return cancel(
                paymentKey,
                new CancelRequest(cancelReason, cancelAmount, RefundAccountBody.of(refundReceiveAccount)),
                idempotencyKey,
                payment -> cancelAmount);
    }

    /**
     * {@code POST /v1/payments/{paymentKey}/cancel} of the whole payment: no {@code cancelAmount}, so the PG cancels
     * all that is left (the only cancel a virtual account awaiting its deposit allows). Its entry in the answer is the
     * one of the payment's total amount with {@code cancelReason}.
     */
    public CancelResult cancelWhole(String paymentKey, String cancelReason, String idempotencyKey) {
        return cancel(
                paymentKey,
                new CancelRequest(cancelReason, null, null),
                idempotencyKey,
                payment -> payment.totalAmount() == null ? -1 : payment.totalAmount());
    }

    /** @param cancelledAmount what the cancel's entry in the PG's answer must be of */
    private CancelResult cancel(
            String paymentKey, CancelRequest body, String idempotencyKey, ToLongFunction<TossPayment> cancelledAmount) {
        long started = System.nanoTime();
        CancelResult result;
        try {
            HttpRequest request = post("/v1/payments/" + pathSegment(paymentKey) + "/cancel", idempotencyKey, body);
            result = cancelResult(paymentKey, cancelledAmount, body.cancelReason(), send(request));
        } catch (IOException | RuntimeException e) {
            // a timeout or a broken connection after sending: the PG may have cancelled
            result = new CancelResult.Unknown(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new CancelResult.Unknown("interrupted while calling the PG");
        }
        record("cancel", outcome(result), started);
        return result;
    }

    /** {@code GET /v1/payments/{paymentKey}}. */
    public LookupResult paymentByKey(String paymentKey) {
        long started = System.nanoTime();
        LookupResult result = lookup("/v1/payments/" + pathSegment(paymentKey));
        record("payment_by_key", outcome(result), started);
        return result;
    }

    /** {@code GET /v1/payments/orders/{orderId}}. */
    public LookupResult paymentByOrderId(String orderId) {
        long started = System.nanoTime();
        LookupResult result = lookup("/v1/payments/orders/" + pathSegment(orderId));
        record("payment_by_order_id", outcome(result), started);
        return result;
    }

    /**
     * One page of {@code GET /v1/transactions} (pg-reference "Reconciliation"): the PG's rows from {@code from} to
     * before {@code to}, at the PG's resolution of a second. Toss takes startDate and endDate as local date-times in its
     * own time zone ({@code zone}), both inclusive: startDate is the second {@code from} lies in (so a page may begin
     * with a row from just before {@code from}), endDate the last whole second before {@code to}.
     *
     * @param startingAfter the transactionKey of the previous page's last row; null for the first page
     * @param limit rows per page (Toss: at most 5000)
     * @param readTimeout how long this page may take; Toss documents up to 60 s per call, far longer than a payment
     *     call's {@code payments.pg.read-timeout}
     */
    public TransactionsResult transactions(
            Instant from, Instant to, String startingAfter, int limit, ZoneId zone, Duration readTimeout) {
        long started = System.nanoTime();
        TransactionsResult result;
        try {
            String query = "?startDate=" + queryParam(localSecond(from, zone))
                    + "&endDate=" + queryParam(localSecond(to.minusNanos(1), zone))
                    + (startingAfter == null ? "" : "&startingAfter=" + queryParam(startingAfter))
                    + "&limit=" + limit;
            HttpRequest request = request("/v1/transactions" + query)
                    .timeout(readTimeout)
                    .GET()
                    .build();
            result = transactionsResult(send(request));
        } catch (IOException | RuntimeException e) {
            result = new TransactionsResult.Transient(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new TransactionsResult.Transient("interrupted while calling the PG");
        }
        record("transactions", outcome(result), started);
        return result;
    }

    private static String localSecond(Instant instant, ZoneId zone) {
        return LocalDateTime.ofInstant(instant, zone)
                .truncatedTo(ChronoUnit.SECONDS)
                .format(LOCAL_DATE_TIME);
    }

    /** A query parameter's value, all of it data: a '+' or '&' in a key is sent as itself, never as a space or a cut. */
    private static String queryParam(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private TransactionsResult transactionsResult(Reply reply) {
        int status = reply.status();
        if (status == 200) {
            List<PgTransaction> rows = new ArrayList<>();
            for (TransactionRow row : json.readValue(reply.body(), TransactionRow[].class)) {
                if (row == null || !row.isComplete()) {
                    // one row we cannot match would make the whole window's result wrong: not a page
                    return new TransactionsResult.Transient("unreadable answer from the PG (a row without its keys)");
                }
                rows.add(row.toTransaction());
            }
            return new TransactionsResult.Page(rows);
        }
        if (status == 429) {
            return new TransactionsResult.TooManyRequests(retryAfter(reply));
        }
        TossError error = error(reply);
        String code = error == null ? null : error.code();
        if (code != null && OUR_MISCONFIGURATION.contains(code)) {
            log.error(
                    "The PG refused our credentials ({} {}) listing its transactions: check payments.pg.secret-key",
                    status,
                    code);
        }
        if (isDefinitive(status, code)) {
            return new TransactionsResult.Refused(code, error.message());
        }
        return new TransactionsResult.Transient("HTTP " + status + (code == null ? "" : " " + code));
    }

    /** {@code Retry-After} in seconds, as the PG sends it; null when absent or not a number of seconds. */
    private static Duration retryAfter(Reply reply) {
        return reply.retryAfter()
                .filter(value -> value.strip().matches("\\d{1,9}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value.strip())))
                .orElse(null);
    }

    @Override
    public void destroy() {
        httpClient.shutdownNow();
    }

    private ConfirmResult confirmResult(String orderId, Reply reply) {
        int status = reply.status();
        if (status == 200) {
            return new ConfirmResult.Answered(json.readValue(reply.body(), TossPayment.class));
        }
        TossError error = error(reply);
        String code = error == null ? null : error.code();
        if (code != null && OUR_MISCONFIGURATION.contains(code)) {
            log.error(
                    "The PG refused our credentials or request ({} {}) confirming order {}: check payments.pg.secret-key"
                            + " and payments.pg.base-url. The confirm is retried; no order fails for this.",
                    status,
                    code,
                    orderId);
            return new ConfirmResult.Transient("HTTP " + status + " " + code);
        }
        if (status == 400 && ALREADY_PROCESSED.equals(code)) {
            return new ConfirmResult.AlreadyProcessed();
        }
        if (isDefinitive(status, code)) {
            return new ConfirmResult.Rejected(code, error.message());
        }
        return new ConfirmResult.Transient("HTTP " + status + (code == null ? "" : " " + code));
    }

    private CancelResult cancelResult(
            String paymentKey, ToLongFunction<TossPayment> cancelAmount, String cancelReason, Reply reply) {
        int status = reply.status();
        if (status == 200) {
            TossPayment payment = json.readValue(reply.body(), TossPayment.class);
            if (!paymentKey.equals(payment.paymentKey())) {
                return new CancelResult.Unknown("HTTP 200 for another payment");
            }
            // within one answer no entry is known to be another refund's; the caller's look-up passes the known keys
            return CancelMatcher.match(payment, cancelAmount.applyAsLong(payment), cancelReason, Set.of())
                    .<CancelResult>map(cancel -> new CancelResult.Canceled(payment, cancel))
                    .orElseGet(() -> new CancelResult.Unknown("HTTP 200 without a matching cancel"));
        }
        TossError error = error(reply);
        String code = error == null ? null : error.code();
        String reason = "HTTP " + status + (code == null ? "" : " " + code);
        if (code == null) {
            return new CancelResult.Unknown(reason);
        }
        if (OUR_MISCONFIGURATION.contains(code)) {
            log.error(
                    "The PG refused our credentials or request ({} {}) on a cancel: check payments.pg.secret-key"
                            + " and payments.pg.base-url. No refund fails for this.",
                    status,
                    code);
            return new CancelResult.Unknown(reason);
        }
        if (CANCEL_REFUSED.contains(code)) {
            return new CancelResult.Refused(code, error.message());
        }
        return switch (code) {
            case "FORBIDDEN_CONSECUTIVE_REQUEST" -> new CancelResult.RetryLater(reason, CONSECUTIVE_CANCEL_WAIT);
            case "NOT_AVAILABLE_BANK" -> new CancelResult.RetryLater(reason, BANK_UNAVAILABLE_WAIT);
            // PROVIDER_ERROR, 5xx codes, IDEMPOTENT_REQUEST_PROCESSING and codes this version does not know
            default -> new CancelResult.Unknown(reason, isStoredUnderTheKey(status));
        };
    }

    /**
     * Whether the PG may have stored this answer under the Idempotency-Key and replay it to every retry under that key
     * (pg-reference "Idempotency-Key": the first response is replayed, and Stripe, for one, replays even a 500): an
     * answer with a Toss code, 4xx or 5xx, means the PG finished the request. Not 408/429 (the request was not taken)
     * nor 409 (the first request is still running). An answer without a Toss code (a proxy's 502, a timeout) is never
     * taken for the PG's: the same key is retried.
     */
    private static boolean isStoredUnderTheKey(int status) {
        return status >= 400 && status != 408 && status != 409 && status != 429;
    }

    /** A 4xx with a Toss code is the PG's final word, except for "try again later" answers. */
    private static boolean isDefinitive(int status, String code) {
        return status >= 400
                && status < 500
                && status != 408
                && status != 409
                && status != 429
                && code != null
                && !TRY_AGAIN_LATER.contains(code);
    }

    private LookupResult lookup(String path) {
        try {
            Reply reply = send(request(path).GET().build());
            if (reply.status() == 200) {
                return new LookupResult.Found(json.readValue(reply.body(), TossPayment.class));
            }
            TossError error = error(reply);
            String code = error == null ? null : error.code();
            if (reply.status() == 404 && code != null && NOT_FOUND.contains(code)) {
                return new LookupResult.NotFound();
            }
            if (code != null && OUR_MISCONFIGURATION.contains(code)) {
                log.error(
                        "The PG refused our credentials ({} {}) on a payment look-up: check payments.pg.secret-key",
                        reply.status(),
                        code);
            }
            return new LookupResult.Transient("HTTP " + reply.status() + (code == null ? "" : " " + code));
        } catch (IOException | RuntimeException e) {
            return new LookupResult.Transient(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LookupResult.Transient("interrupted while calling the PG");
        }
    }

    /** A path segment as the URI needs it: an id is data, never part of the path's structure. */
    private static String pathSegment(String value) {
        return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(readTimeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    /** A JSON POST under {@code idempotencyKey}. */
    private HttpRequest post(String path, String idempotencyKey, Object body) {
        return request(path)
                .header(IDEMPOTENCY_KEY, idempotencyKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = httpClient.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(
                response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }

    /** The Toss error body, or null when the answer is not one (a proxy's HTML page, an empty body...). */
    private TossError error(Reply reply) {
        try {
            TossError error = json.readValue(reply.body(), TossError.class);
            return error.code() == null || error.code().isBlank() ? null : error;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A reason fit for logs and the job's last_error: the failure's kind, never a URL, header or body. */
    private static String describe(Exception e) {
        if (e instanceof JacksonException) {
            return "unreadable answer from the PG (" + e.getClass().getSimpleName() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String reason = root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return "I/O error calling the PG: " + (reason.length() > 200 ? reason.substring(0, 200) : reason);
    }

    private void record(String operation, String outcome, long startedNanos) {
        timers.computeIfAbsent(operation + '/' + outcome, key -> Timer.builder("payments.pg.requests")
                        .description("Calls to the PG API")
                        .tag("operation", operation)
                        .tag("outcome", outcome)
                        .register(meters))
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private static String outcome(ConfirmResult result) {
        return switch (result) {
            case ConfirmResult.Answered a -> a.payment().isDone() ? "approved" : "answered_not_done";
            case ConfirmResult.Rejected r -> "rejected";
            case ConfirmResult.AlreadyProcessed a -> "already_processed";
            case ConfirmResult.Transient t -> "transient";
        };
    }

    private static String outcome(CancelResult result) {
        return switch (result) {
            case CancelResult.Canceled c -> "canceled";
            case CancelResult.Refused r -> "refused";
            case CancelResult.RetryLater r -> "retry_later";
            case CancelResult.Unknown u -> "unknown";
        };
    }

    private static String outcome(TransactionsResult result) {
        return switch (result) {
            case TransactionsResult.Page p -> "page";
            case TransactionsResult.TooManyRequests t -> "too_many_requests";
            case TransactionsResult.Transient t -> "transient";
            case TransactionsResult.Refused r -> "refused";
        };
    }

    private static String outcome(LookupResult result) {
        return switch (result) {
            case LookupResult.Found f -> "found";
            case LookupResult.NotFound n -> "not_found";
            case LookupResult.Transient t -> "transient";
        };
    }

    private record ConfirmRequest(String paymentKey, String orderId, long amount) {}

    /** A null {@code cancelAmount} cancels the whole payment; a null account sends none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record CancelRequest(String cancelReason, Long cancelAmount, RefundAccountBody refundReceiveAccount) {}

    /** Toss's {@code refundReceiveAccount}: exactly its three fields, whatever else the contract's record offers. */
    private record RefundAccountBody(String bank, String accountNumber, String holderName) {

        static RefundAccountBody of(RefundReceiveAccount account) {
            return account == null
                    ? null
                    : new RefundAccountBody(account.bank(), account.accountNumber(), account.holderName());
        }

        /** Without the account number and holder: a record's default toString would put them into any log line. */
        @Override
        public String toString() {
            return "RefundAccountBody[bank=" + bank + ", accountNumber=***, holderName=***]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record TossError(String code, String message) {}

    /**
     * A row of the transactions list as Toss writes it; only the fields reconciliation matches on (mId, customerKey,
     * useEscrow, receiptUrl... are ignored).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record TransactionRow(
            String transactionKey,
            String paymentKey,
            String orderId,
            String method,
            String status,
            OffsetDateTime transactionAt,
            String currency,
            Long amount) {

        boolean isComplete() {
            return transactionKey != null
                    && !transactionKey.isBlank()
                    && orderId != null
                    && status != null
                    && transactionAt != null
                    && amount != null;
        }

        PgTransaction toTransaction() {
            return new PgTransaction(
                    transactionKey,
                    paymentKey,
                    orderId,
                    method == null || method.isBlank() ? null : method,
                    PgPaymentStatus.of(status),
                    transactionAt.toInstant(),
                    currency,
                    Math.abs(amount));
        }
    }

    private record Reply(int status, byte[] body, Optional<String> retryAfter) {}
}
