package dev.payments.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/transactions} as Toss pages it: Korean local times inclusive at the second, {@code startingAfter}
 * paging in list order, {@code limit} 1..5000 (default 100), INVALID_REQUEST for anything malformed, Basic auth, and
 * the 429 / delay knobs of the automation API. Other tests share the sandbox, so rows are picked out by orderId.
 */
class TransactionsApiTest extends SandboxTestBase {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final ZoneOffset KST = ZoneOffset.ofHours(9);

    static String query(String from, String to, String extra) {
        return "/v1/transactions?startDate=" + from + "&endDate=" + to + (extra == null ? "" : "&" + extra);
    }

    static List<JsonNode> rows(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(response.json().spliterator(), false).toList();
    }

    static List<String> keys(List<JsonNode> rows) {
        return rows.stream().map(r -> r.get("transactionKey").asString()).toList();
    }

    /** Approves a card payment of {@code amount}; its lastTransactionKey. */
    private String approve(String orderId, long amount) {
        String paymentKey =
                http.paidSession(orderId, amount, null).get("paymentKey").asString();
        Response confirm = http.confirm(paymentKey, orderId, amount, null);
        assertThat(confirm.status()).isEqualTo(200);
        return confirm.json().get("lastTransactionKey").asString();
    }

    @Test
    void pagesFollowStartingAfterInListOrderAndTheDefaultLimitIs100() {
        Instant before = clock.instant();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            created.add(approve(SandboxHttp.orderId("txpage" + i), 1_000 + i));
        }
        String from = SandboxHttp.koreanTime(before);
        String to = SandboxHttp.koreanTime(clock.instant());

        List<JsonNode> all = rows(http.getApi(query(from, to, "limit=5000")));
        List<JsonNode> byDefault = rows(http.getApi(query(from, to, null)));
        List<JsonNode> paged = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String after = null;
        while (true) {
            List<JsonNode> page =
                    rows(http.getApi(query(from, to, "limit=40" + (after == null ? "" : "&startingAfter=" + after))));
            pageSizes.add(page.size());
            paged.addAll(page);
            if (page.size() < 40) {
                break;
            }
            after = page.getLast().get("transactionKey").asString();
        }

        assertThat(all.size()).isGreaterThanOrEqualTo(101);
        assertThat(byDefault).hasSize(100);
        assertThat(keys(byDefault)).isEqualTo(keys(all).subList(0, 100));
        assertThat(keys(paged))
                .as("the pages, one after the other, are the whole list")
                .isEqualTo(keys(all));
        assertThat(pageSizes.size()).isGreaterThanOrEqualTo(3);
        assertThat(keys(all).stream().filter(created::contains).toList())
                .as("rows in the order they were recorded")
                .isEqualTo(created);
        List<String> times =
                all.stream().map(r -> r.get("transactionAt").asString()).toList();
        assertThat(times).isSorted();
    }

    @Test
    void startAndEndAreKoreanLocalTimesInclusiveAtTheSecond() {
        String orderId = SandboxHttp.orderId("txbounds");
        String key = approve(orderId, 15_000);
        JsonNode payment = http.getApi("/v1/payments/orders/" + orderId).json();
        String approvedAt = payment.get("approvedAt").asString();
        OffsetDateTime at = OffsetDateTime.parse(approvedAt);
        String second = LOCAL.format(at.toLocalDateTime());
        String before = LOCAL.format(at.toLocalDateTime().minusSeconds(1));
        String after = LOCAL.format(at.toLocalDateTime().plusSeconds(1));
        String utc = LOCAL.format(at.atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime());

        List<JsonNode> exactSecond = rows(http.getApi(query(second, second, "limit=5000")));
        List<JsonNode> endsBefore = rows(http.getApi(query(before, before, "limit=5000")));
        List<JsonNode> startsAfter = rows(http.getApi(query(after, after, "limit=5000")));
        List<JsonNode> asUtc = rows(http.getApi(query(utc, utc, "limit=5000")));

        assertThat(at.getOffset()).isEqualTo(KST);
        assertThat(keys(exactSecond)).contains(key);
        JsonNode row = exactSecond.stream()
                .filter(r -> r.get("transactionKey").asString().equals(key))
                .findFirst()
                .orElseThrow();
        assertThat(row.get("transactionAt").asString()).isEqualTo(approvedAt).endsWith("+09:00");
        assertThat(keys(endsBefore)).doesNotContain(key);
        assertThat(keys(startsAfter)).doesNotContain(key);
        assertThat(keys(asUtc)).as("the bounds are Korean time, not UTC").doesNotContain(key);
    }

    @Test
    void malformedParametersAreInvalidRequestAndAnEmptyRangeIsAnEmptyArray() {
        String now = SandboxHttp.koreanTime(clock.instant());
        String later = SandboxHttp.koreanTime(clock.instant().plus(Duration.ofHours(1)));
        List<String> refused = List.of(
                "/v1/transactions?endDate=" + now,
                "/v1/transactions?startDate=" + now,
                query("2024-01-01%2000:00:00", now, null),
                query("2024-13-01T00:00:00", now, null),
                query("2024-02-30T00:00:00", now, null),
                query("2024-01-01T00:00", now, null),
                query("2024-01-01T00:00:00%2B09:00", now, null),
                query("2024-01-01", now, null),
                query(later, now, null),
                query(now, later, "limit=0"),
                query(now, later, "limit=5001"),
                query(now, later, "limit=ten"),
                query(now, later, "startingAfter=txrd_unknown"),
                query(now, later, "startingAfter="));

        for (String path : refused) {
            Response response = http.getApi(path);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.code()).as(path).isEqualTo("INVALID_REQUEST");
            assertThat(response.json().get("message").asString()).isNotBlank();
        }
        Response empty = http.getApi(query("2001-01-01T00:00:00", "2001-01-01T23:59:59", "limit=5000"));
        assertThat(empty.body()).isEqualTo("[]");
        assertThat(http.getApi(query(now, now, "limit=1")).status()).isEqualTo(200);
    }

    @Test
    void theSecretKeyIsRequired() {
        String now = SandboxHttp.koreanTime(clock.instant());

        Response none = http.get(query(now, now, null));
        Response wrong = http.get(query(now, now, null), "Authorization", SandboxHttp.basic("test_sk_other"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("UNAUTHORIZED_KEY");
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void tooManyRequestsAnswers429WithRetryAfterForTheNextCallsThenTheList() {
        String now = SandboxHttp.koreanTime(clock.instant());
        String path = query(now, now, null);

        Response knob = http.post("/sandbox/v1/faults/transactions", "{\"tooManyRequests\":2,\"retryAfterSeconds\":3}");
        Response unauthenticated = http.get(path);
        Response first = http.getApi(path);
        Response second = http.getApi(path);
        Response third = http.getApi(path);
        http.post("/sandbox/v1/faults/transactions", "{\"tooManyRequests\":1,\"retryAfterSeconds\":1}");
        Response byDefault = http.getApi(path);

        assertThat(knob.json().get("tooManyRequests").asLong()).isEqualTo(2);
        assertThat(knob.json().get("retryAfterSeconds").asLong()).isEqualTo(3);
        assertThat(unauthenticated.status()).as("auth comes first").isEqualTo(401);
        for (Response limited : List.of(first, second)) {
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.code()).isEqualTo("TOO_MANY_REQUESTS");
            assertThat(limited.header("Retry-After")).isEqualTo("3");
        }
        assertThat(third.status()).isEqualTo(200);
        assertThat(byDefault.status()).isEqualTo(429);
        assertThat(byDefault.header("Retry-After")).isEqualTo("1");
        assertThat(http.getApi(path).status()).isEqualTo(200);
    }

    @Test
    void aDelayHoldsEveryCallAndAbsentFieldsStayAsTheyAre() {
        String now = SandboxHttp.koreanTime(clock.instant());
        Response set = http.post("/sandbox/v1/faults/transactions", "{\"delayMs\":300}");
        Response negative = http.post("/sandbox/v1/faults/transactions", "{\"tooManyRequests\":-1}");
        long started = System.nanoTime();
        Response delayed;
        try {
            delayed = http.getApi(query(now, now, null));
        } finally {
            http.post("/sandbox/v1/faults/transactions", "{\"delayMs\":0}");
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(delayed.status()).isEqualTo(200);
        assertThat(set.json().get("delayMs").asLong()).isEqualTo(300);
        assertThat(set.json().get("tooManyRequests").asLong()).isZero();
        assertThat(set.json().get("retryAfterSeconds").asLong()).isEqualTo(1);
        assertThat(negative.status()).isEqualTo(400);
    }

    @Test
    void resetForgetsTheRowsAndTheKnobs() {
        Instant before = clock.instant();
        String orderId = SandboxHttp.orderId("txreset");
        String key = approve(orderId, 15_000);
        String from = SandboxHttp.koreanTime(before);
        String to = SandboxHttp.koreanTime(clock.instant());
        assertThat(keys(rows(http.getApi(query(from, to, "limit=5000"))))).contains(key);
        http.post("/sandbox/v1/faults/transactions", "{\"tooManyRequests\":5,\"delayMs\":10}");

        http.post("/sandbox/v1/reset", "");

        assertThat(keys(rows(http.getApi(query(from, to, "limit=5000"))))).doesNotContain(key);
        assertThat(http.getApi(query(from, to, "startingAfter=" + key)).status())
                .isEqualTo(400);
        JsonNode knobs = http.post("/sandbox/v1/faults/transactions", "{}").json();
        assertThat(knobs.get("tooManyRequests").asLong()).isZero();
        assertThat(knobs.get("delayMs").asLong()).isZero();
        assertThat(http.get("/sandbox/v1/ledger").json().get("transactions").asLong())
                .isZero();
    }
}
