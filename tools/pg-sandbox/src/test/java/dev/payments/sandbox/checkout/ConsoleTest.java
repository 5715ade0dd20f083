package dev.payments.sandbox.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The developer console's page: the issued virtual accounts with 입금하기 (deposit) and 입금 취소 (reverse) buttons. */
class ConsoleTest extends SandboxTestBase {

    private static final String PAGE = "/sandbox/console/virtual-accounts";

    /** The form action of the button with {@code id} on the page, as a browser would post it. */
    private static String action(Response page, String id) {
        Matcher matcher = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"><button type=\"submit\" id=\""
                        + Pattern.quote(id) + "\">")
                .matcher(page.body());
        assertThat(matcher.find()).as("a button %s on the page", id).isTrue();
        return matcher.group(1);
    }

    @Test
    void theDepositButtonDepositsAndTheReverseButtonReverses() {
        String orderId = SandboxHttp.orderId("console");
        JsonNode issued = http.issuedVirtualAccount(orderId, 15_000, null);

        Response page = http.get(PAGE + "?orderId=" + orderId);
        Response deposited = http.postForm(action(page, "deposit-" + orderId));
        Response after = http.get(deposited.header("Location"));
        Response reversed = http.postForm(action(after, "reverse-" + orderId));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(
                        orderId,
                        "15,000원",
                        issued.get("virtualAccount").get("accountNumber").asString(),
                        "김토스")
                .contains("WAITING_FOR_DEPOSIT")
                .contains("입금하기 (deposit)");
        assertThat(deposited.status()).isEqualTo(303);
        assertThat(deposited.header("Location")).isEqualTo(PAGE + "?orderId=" + orderId);
        assertThat(after.body()).contains("DONE").contains("입금 취소 (reverse)").doesNotContain("deposit-" + orderId);
        assertThat(reversed.status()).isEqualTo(303);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(WEBHOOKS.depositCallbackStatusesOf(orderId))
                        .containsExactlyInAnyOrder("DONE", "WAITING_FOR_DEPOSIT"));
        assertThat(http.getApi("/v1/payments/orders/" + orderId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("WAITING_FOR_DEPOSIT");
    }

    @Test
    void theListShowsEveryIssuedAccountAndAStaleButtonShowsTheBounce() {
        String first = SandboxHttp.orderId("consolea");
        String second = SandboxHttp.orderId("consoleb");
        http.issuedVirtualAccount(first, 15_000, null);
        String secondKey = http.issuedVirtualAccount(second, 20_000, null)
                .get("paymentKey")
                .asString();
        Response page = http.get(PAGE);
        http.postApi("/v1/payments/" + secondKey + "/cancel", "{\"cancelReason\":\"취소\"}", null);

        Response bounced = http.postForm(action(page, "deposit-" + second));

        assertThat(page.body()).contains(first, second);
        assertThat(bounced.status()).isEqualTo(403);
        assertThat(bounced.body()).contains("NOT_WAITING_FOR_DEPOSIT");
        assertThat(http.get(PAGE + "?orderId=" + second).body())
                .contains("CANCELED")
                .doesNotContain("deposit-" + second);
    }
}
