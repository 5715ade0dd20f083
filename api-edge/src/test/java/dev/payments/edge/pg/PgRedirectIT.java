package dev.payments.edge.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.edge.EdgeHttp;
import dev.payments.edge.EdgeHttp.Response;
import dev.payments.edge.EdgeIntegrationTest;
import dev.payments.edge.OrderEvents;
import dev.payments.edge.TestOrderIds;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The PG's browser redirects to successUrl/failUrl, over HTTP into a real broker: each becomes one claim for the worker
 * to verify, then a 303 to the result page. Refused redirects and the result page itself: {@link PgRedirectRequestsTest}.
 */
@EdgeIntegrationTest
class PgRedirectIT {

    static final String TOKEN = "tok_Abc-123_xyz";

    @Autowired
    EdgeHttp http;

    @Autowired
    OrderEvents events;

    @Test
    void successRedirectPublishesAVerifiableSuccessClaimAndLeadsToTheResultPage() {
        String orderId = TestOrderIds.next("ok");

        Response response = http.get("/pg/success?orderId=%s&token=%s&paymentKey=pk_5EnNZRJGvaBX7zk2yxLM&amount=15000"
                        .formatted(orderId, TOKEN)
                + "&paymentType=NORMAL");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).contains("/orders/%s/result?token=%s".formatted(orderId, TOKEN));
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("type").asString()).isEqualTo("payment.pg.result");
            assertThat(event.get("source").asString()).isEqualTo("/api-edge");
            JsonNode data = event.get("data");
            assertThat(data.get("outcome").asString()).isEqualTo("SUCCESS");
            assertThat(data.get("channel").asString()).isEqualTo("REDIRECT");
            assertThat(data.get("token").asString()).isEqualTo(TOKEN);
            assertThat(data.get("paymentKey").asString()).isEqualTo("pk_5EnNZRJGvaBX7zk2yxLM");
            assertThat(data.get("amount").asLong()).isEqualTo(15_000);
        });
    }

    @Test
    void equalDuplicateParametersCountAsOne() {
        String orderId = TestOrderIds.next("dup");

        // our successUrl already carries orderId and token; the PG appends its own orderId again
        Response response = http.get("/pg/success?orderId=%s&token=%s&orderId=%s&paymentKey=pk_1&amount=0"
                .formatted(orderId, TOKEN, orderId));

        assertThat(response.status()).isEqualTo(303);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> assertThat(
                        event.get("data").get("amount").asLong())
                .as("a zero amount is a claim for the worker to compare, not a shape error")
                .isZero());
    }

    @Test
    void buyerCancellationBecomesCancel() {
        String orderId = TestOrderIds.next("cancel");

        Response response = http.get("/pg/fail?orderId=%s&token=%s&code=PAY_PROCESS_CANCELED&message=%s"
                .formatted(orderId, TOKEN, encode("사용자에 의해 결제가 취소되었습니다.")));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).contains("/orders/%s/result?token=%s".formatted(orderId, TOKEN));
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            JsonNode data = event.get("data");
            assertThat(data.get("outcome").asString()).isEqualTo("CANCEL");
            assertThat(data.get("channel").asString()).isEqualTo("REDIRECT");
            assertThat(data.get("token").asString()).isEqualTo(TOKEN);
            assertThat(data.get("code").asString()).isEqualTo("PAY_PROCESS_CANCELED");
            assertThat(data.get("message").asString()).isEqualTo("사용자에 의해 결제가 취소되었습니다.");
            assertThat(data.has("paymentKey")).isFalse();
        });
    }

    @Test
    void anyOtherFailureCodeBecomesFail() {
        String orderId = TestOrderIds.next("fail");
        String withoutCode = TestOrderIds.next("failnocode");

        Response response = http.get("/pg/fail?orderId=%s&token=%s&code=REJECT_CARD_COMPANY&message=%s"
                .formatted(orderId, TOKEN, encode("card rejected")));
        Response noCode = http.get("/pg/fail?orderId=%s&token=%s".formatted(withoutCode, TOKEN));

        assertThat(response.status()).isEqualTo(303);
        assertThat(noCode.status()).isEqualTo(303);
        assertThat(events.of(orderId)).singleElement().satisfies(event -> {
            assertThat(event.get("data").get("outcome").asString()).isEqualTo("FAIL");
            assertThat(event.get("data").get("code").asString()).isEqualTo("REJECT_CARD_COMPANY");
        });
        assertThat(events.of(withoutCode)).singleElement().satisfies(event -> assertThat(
                        event.get("data").get("outcome").asString())
                .isEqualTo("FAIL"));
    }

    /** A refused redirect writes nothing, whichever of the two it is and whatever order it names twice. */
    @Test
    void refusedRedirectsWriteNothing() {
        String orderId = TestOrderIds.next("badpg");
        long before = events.written();

        List<Response> refused = List.of(
                http.get("/pg/success?orderId=%s&orderId=other-order-1&token=%s&paymentKey=pk_1&amount=15000"
                        .formatted(orderId, TOKEN)),
                http.get("/pg/success?orderId=%s&token=%s&paymentKey=pk_1&amount=-1".formatted(orderId, TOKEN)),
                http.get("/pg/fail?orderId=%s&code=REJECT_CARD_COMPANY".formatted(orderId)));

        assertThat(refused).extracting(Response::status).containsOnly(400);
        events.assertNothingWrittenSince(before);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
