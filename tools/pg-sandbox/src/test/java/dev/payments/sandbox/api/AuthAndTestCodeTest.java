package dev.payments.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.sandbox.SandboxHttp;
import dev.payments.sandbox.SandboxHttp.Response;
import dev.payments.sandbox.SandboxTestBase;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Basic auth with the secret key, the Idempotency-Key length, and {@code TossPayments-Test-Code}. */
class AuthAndTestCodeTest extends SandboxTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer test_sk_local_sandbox", "Basic not-base64!", "wrong-key:", "nocolon"})
    void everyApiCallWithoutTheSecretKeyIsUnauthorized(String authorization) {
        String header = authorization.equals("wrong-key:") || authorization.equals("nocolon")
                ? "Basic " + Base64.getEncoder().encodeToString(authorization.getBytes(StandardCharsets.UTF_8))
                : authorization;
        String[] headers = header.isEmpty() ? new String[0] : new String[] {"Authorization", header};

        Response confirm = http.post("/v1/payments/confirm", "{}", headers);
        Response lookup = http.get("/v1/payments/orders/whatever", headers);

        assertThat(confirm.status()).isEqualTo(401);
        assertThat(confirm.code()).isEqualTo("UNAUTHORIZED_KEY");
        assertThat(lookup.status()).isEqualTo(401);
        assertThat(lookup.code()).isEqualTo("UNAUTHORIZED_KEY");
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 1000})
    void idempotencyKeysOver300CharactersAreInvalid(int length) {
        Response response = http.confirm("pk", SandboxHttp.orderId("idem"), 15_000, "k".repeat(length));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("INVALID_IDEMPOTENCY_KEY");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 300})
    void idempotencyKeysUpTo300CharactersAreAccepted(int length) {
        String orderId = SandboxHttp.orderId("idemok");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();

        Response response = http.confirm(paymentKey, orderId, 15_000, "k".repeat(length));

        assertThat(response.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({
        "REJECT_CARD_COMPANY, 403",
        "NOT_FOUND_PAYMENT_SESSION, 404",
        "ALREADY_PROCESSED_PAYMENT, 400",
        "FAILED_INTERNAL_SYSTEM_PROCESSING, 500",
        "IDEMPOTENT_REQUEST_PROCESSING, 409",
        "UNAUTHORIZED_KEY, 401"
    })
    void testCodeHeaderForcesThatErrorWithItsTossStatus(String code, int status) {
        String orderId = SandboxHttp.orderId("testcode");
        String paymentKey =
                http.paidSession(orderId, 15_000, null).get("paymentKey").asString();

        Response response = http.confirm(paymentKey, orderId, 15_000, null, "TossPayments-Test-Code", code);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
        assertThat(http.ledger(orderId).get("approvals").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/payments/orders/any-order-1", "/v1/payments/anykey"})
    void testCodeHeaderAlsoAppliesToLookups(String path) {
        Response response = http.getApi(path, "TossPayments-Test-Code", "FORBIDDEN_REQUEST");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("FORBIDDEN_REQUEST");
    }
}
