package dev.payments.sandbox.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The merchant console's payments page: a cancel made there is a console cancel, with its transaction row. */
class PaymentsConsoleTest extends SandboxTestBase {

    private static final String PAGE = "/sandbox/console/payments";

    /** The action of the cancel form of {@code orderId}, checking its amount field and button are there. */
    private static String cancelAction(Response page, String orderId) {
        Matcher matcher = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"><input type=\"number\" "
                        + "name=\"cancelAmount\" id=\"cancel-amount-" + Pattern.quote(orderId)
                        + "\"[^>]*><button type=\"submit\" id=\"console-cancel-" + Pattern.quote(orderId) + "\">")
                .matcher(page.body());
        assertThat(matcher.find())
                .as("a cancel form for %s on the page", orderId)
                .isTrue();
        return matcher.group(1);
    }

    @Test
    void aCancelOnThePageIsAConsoleCancelWithItsRow() {
        Instant from = clock.instant();
        String orderId = SandboxHttp.orderId("paypage");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();
        http.confirm(paymentKey, orderId, 15_000, null);

        Response page = http.get(PAGE + "?orderId=" + orderId);
        Response partial = http.postForm(cancelAction(page, orderId), "cancelAmount=4000");
        Response notANumber = http.postForm(cancelAction(page, orderId), "cancelAmount=lots");
        clock.advance(Duration.ofMillis(1_001));
        Response rest = http.postForm(cancelAction(page, orderId), "cancelAmount=");
        Response after = http.get(PAGE + "?orderId=" + orderId);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"pay-" + orderId + "\"", "15,000원", "DONE", "카드");
        assertThat(partial.status()).isEqualTo(303);
        assertThat(partial.header("Location")).isEqualTo(PAGE + "?orderId=" + orderId);
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.body()).contains("INVALID_REQUEST");
        assertThat(rest.status()).isEqualTo(303);
        assertThat(after.body()).contains("PARTIAL_CANCELED").doesNotContain("console-cancel-" + orderId);
        JsonNode payment = http.getApi("/v1/payments/" + paymentKey).json();
        assertThat(payment.get("balanceAmount").asLong()).isZero();
        JsonNode ledger = http.ledger(orderId);
        assertThat(ledger.get("consoleCancels").asLong()).isEqualTo(2);
        assertThat(ledger.get("canceledAmount").asLong()).isEqualTo(15_000);
        List<JsonNode> rows = http.transactionsOf(orderId, from, clock.instant());
        assertThat(rows.stream().map(r -> r.get("amount").asLong())).containsExactly(15_000L, 4_000L, 11_000L);
        assertThat(rows.get(1).get("transactionKey").asString())
                .isEqualTo(payment.get("cancels").get(0).get("transactionKey").asString());
    }

    @Test
    void aDepositedVirtualAccountIsRefundedFromThePage() {
        String orderId = SandboxHttp.orderId("paypageva");
        String paymentKey = http.issuedVirtualAccount(orderId, 15_000, null)
                .get("paymentKey")
                .asString();
        http.deposit(paymentKey, "");

        Response canceled = http.postForm(cancelAction(http.get(PAGE + "?orderId=" + orderId), orderId), "");

        assertThat(canceled.status()).isEqualTo(303);
        assertThat(http.getApi("/v1/payments/" + paymentKey)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CANCELED");
    }
}
