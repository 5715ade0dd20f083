package dev.payments.edge.readmodel;

import static dev.payments.edge.EdgeIntegrationTest.MERCHANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp;
import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.TestOrderIds;
import dev.payments.schemas.TokenHash;
import dev.payments.testsupport.EmbeddedPostgres;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/orders/{orderId}/events} a page at a time: the contract's JSON array, at most {@code limit}
 * entries (200 by default), and a {@code Link: <…>; rel="next"} header while more follow.
 */
@EdgeIntegrationTest
class TimelinePagingIT {

    static final Instant AT = Instant.parse("2026-11-23T10:15:30.120Z");
    static final Pattern NEXT = Pattern.compile("^<([^>]+)>; rel=\"next\"$");

    /** Writes as the worker does; the edge's own DataSource could not. */
    final JdbcClient worker = JdbcClient.create(EmbeddedPostgres.dataSource());

    @Autowired
    EdgeHttp http;

    @Test
    void followingTheNextLinksReadsTheWholeTimelineOnceInOrder() {
        String orderId = TestOrderIds.next("pages");
        insertOrder(orderId, "token-" + orderId);
        insertTimeline(orderId, 5);

        List<String> eventIds = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String target = "/api/v1/orders/" + orderId + "/events?limit=2";
        while (target != null) {
            Response page = http.get(target, MERCHANT);
            assertThat(page.status()).as(target).isEqualTo(200);
            List<JsonNode> entries = page.json().valueStream().toList();
            pageSizes.add(entries.size());
            entries.forEach(e -> eventIds.add(e.get("eventId").asString()));
            target = next(page);
        }

        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(eventIds).containsExactly("evt-1", "evt-2", "evt-3", "evt-4", "evt-5");
    }

    @Test
    void theFirstPageHoldsTwoHundredEntriesByDefault() {
        String orderId = TestOrderIds.next("default");
        insertOrder(orderId, "token-" + orderId);
        insertTimeline(orderId, 201);

        Response first = http.get("/api/v1/orders/" + orderId + "/events", MERCHANT);
        Response second = http.get(next(first), MERCHANT);

        assertThat(first.json().size()).isEqualTo(200);
        assertThat(next(first)).contains("limit=200");
        assertThat(second.json().valueStream().map(e -> e.get("eventId").asString()))
                .containsExactly("evt-201");
        assertThat(next(second)).as("the last page links nowhere").isNull();
    }

    @Test
    void aTimelineThatFitsOnePageHasNoLink() {
        String orderId = TestOrderIds.next("onepage");
        insertOrder(orderId, "token-" + orderId);
        insertTimeline(orderId, 3);

        Response exact = http.get("/api/v1/orders/" + orderId + "/events?limit=3", MERCHANT);

        assertThat(exact.json().size()).isEqualTo(3);
        assertThat(exact.header("Link")).isEmpty();
    }

    @Test
    void theBuyersNextLinkCarriesNoTokenAndWorksWithIt() {
        String orderId = TestOrderIds.next("buyerpages");
        String token = "token-" + orderId;
        insertOrder(orderId, token);
        insertTimeline(orderId, 3);

        Response first = http.get("/api/v1/orders/%s/events?token=%s&limit=2".formatted(orderId, token));
        Response second = http.get(next(first) + "&token=" + token);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Link"))
                .hasValueSatisfying(link -> assertThat(link).doesNotContain(token));
        assertThat(second.json().valueStream().map(e -> e.get("eventId").asString()))
                .containsExactly("evt-3");
    }

    @Test
    void aPageBeyondTheEndIsEmptyAndAnUnknownOrderStillNotFound() {
        String orderId = TestOrderIds.next("beyond");
        insertOrder(orderId, "token-" + orderId);
        insertTimeline(orderId, 1);

        Response beyond = http.get("/api/v1/orders/" + orderId + "/events?after=999999999999", MERCHANT);
        Response unknown = http.get("/api/v1/orders/" + TestOrderIds.next("none") + "/events?after=5", MERCHANT);

        assertThat(beyond.status()).isEqualTo(200);
        assertThat(beyond.json().size()).isZero();
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void anOutOfRangeLimitOrCursorIsAProblemNamingIt() {
        String orderId = TestOrderIds.next("badpage");
        insertOrder(orderId, "token-" + orderId);
        String events = "/api/v1/orders/" + orderId + "/events";

        for (String query : List.of(
                "limit=0",
                "limit=1001",
                "limit=-1",
                "limit=abc",
                "limit=1e2",
                "limit=99999999999999999999",
                "limit=5&limit=6")) {
            Response response = http.get(events + "?" + query, MERCHANT);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.errorFields()).as(query).containsExactly("limit");
        }
        for (String query : List.of("after=-1", "after=x", "after=1.5")) {
            Response response = http.get(events + "?" + query, MERCHANT);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.errorFields()).as(query).containsExactly("after");
        }
        assertThat(http.get(events + "?limit=1000&after=0", MERCHANT).status()).isEqualTo(200);
    }

    /** The target of the answer's {@code rel="next"} link, or null without one. */
    private static String next(Response page) {
        return page.header("Link")
                .map(link -> {
                    Matcher matcher = NEXT.matcher(link);
                    assertThat(matcher.matches()).as(link).isTrue();
                    return matcher.group(1);
                })
                .orElse(null);
    }

    private void insertOrder(String orderId, String token) {
        worker.sql("""
                        INSERT INTO orders (order_id, status, amount, currency, order_name, token_hash, payment_key,
                                            reason, expires_at, created_at, updated_at, version)
                        VALUES (:orderId, 'IN_PROGRESS', 15000, 'KRW', 'Coffee beans 1kg', :tokenHash, NULL, NULL,
                                :at, :at, :at, 0)
                        """)
                .param("orderId", orderId)
                .param("tokenHash", TokenHash.of(token))
                .param("at", Timestamp.from(AT))
                .update();
    }

    /** {@code count} rows evt-1 … evt-n, with ids from the worker's sequence in that order. */
    private void insertTimeline(String orderId, int count) {
        worker.sql("""
                        INSERT INTO order_timeline (id, order_id, event_id, event_type, result, reason, status,
                                                    recorded_at)
                        SELECT nextval('order_timeline_seq'), :orderId, 'evt-' || n, 'payment.pg.status', 'REJECTED',
                               'UNVERIFIED', 'IN_PROGRESS', :at
                        FROM generate_series(1, :count) AS n ORDER BY n
                        """)
                .param("orderId", orderId)
                .param("count", count)
                .param("at", Timestamp.from(AT))
                .update();
    }
}
