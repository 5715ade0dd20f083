package dev.payments.sandbox.api;

import dev.payments.sandbox.SandboxProperties;
import dev.payments.sandbox.payment.CancelCommand;
import dev.payments.sandbox.payment.Ledger;
import dev.payments.sandbox.payment.Payments;
import dev.payments.sandbox.payment.RequestAbandoned;
import dev.payments.sandbox.payment.TossErrors;
import dev.payments.sandbox.payment.TossException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Toss Payments v1 subset: confirm, look-up by paymentKey and by orderId, cancel. */
@RestController
class TossApiController {

    private final Payments payments;
    private final IdempotencyStore idempotency;
    private final Ledger ledger;
    private final TossJson tossJson;
    private final TossErrors errors;
    private final JsonMapper json;
    private final String apiKeyId;

    TossApiController(
            Payments payments,
            IdempotencyStore idempotency,
            Ledger ledger,
            TossJson tossJson,
            TossErrors errors,
            JsonMapper json,
            SandboxProperties properties) {
        this.payments = payments;
        this.idempotency = idempotency;
        this.ledger = ledger;
        this.tossJson = tossJson;
        this.errors = errors;
        this.json = json;
        this.apiKeyId = fingerprint(properties.secretKey());
    }

    @PostMapping("/v1/payments/confirm")
    ResponseEntity<byte[]> confirm(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
        JsonNode node = parse(body);
        String paymentKey = string(node, "paymentKey");
        String orderId = string(node, "orderId");
        JsonNode amount = node == null ? null : node.get("amount");
        String ledgerOrderId = orderId != null ? orderId : payments.orderIdOf(paymentKey);
        if (ledgerOrderId != null) {
            ledger.confirmCalled(ledgerOrderId);
        }
        return execute(request, ledgerOrderId, () -> {
                    try {
                        if (paymentKey == null
                                || paymentKey.isBlank()
                                || paymentKey.length() > 200
                                || orderId == null
                                || orderId.isBlank()
                                || amount == null
                                || !amount.isIntegralNumber()) {
                            throw errors.of("INVALID_REQUEST", "paymentKey, orderId, amount는 필수입니다.");
                        }
                        return tossJson.ok(payments.confirm(paymentKey, orderId, amount.asLong()));
                    } catch (TossException e) {
                        if (ledgerOrderId != null) {
                            ledger.confirmRejected(ledgerOrderId);
                        }
                        return tossJson.error(e);
                    }
                })
                .toEntity();
    }

    @GetMapping("/v1/payments/orders/{orderId}")
    ResponseEntity<byte[]> byOrderId(@PathVariable String orderId) {
        return answer(() -> tossJson.ok(payments.lookupByOrderId(orderId)));
    }

    @GetMapping("/v1/payments/{paymentKey}")
    ResponseEntity<byte[]> byPaymentKey(@PathVariable String paymentKey) {
        return answer(() -> tossJson.ok(payments.lookupByKey(paymentKey)));
    }

    @PostMapping("/v1/payments/{paymentKey}/cancel")
    ResponseEntity<byte[]> cancel(
            @PathVariable String paymentKey, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        JsonNode node = parse(body);
        String orderId = payments.orderIdOf(paymentKey);
        return execute(request, orderId, () -> {
                    try {
                        return tossJson.ok(payments.cancel(paymentKey, CancelCommand.of(node, errors), false));
                    } catch (TossException e) {
                        return tossJson.error(e);
                    }
                })
                .toEntity();
    }

    /** Any other path under /v1: Toss's 404. */
    @RequestMapping("/v1/**")
    ResponseEntity<byte[]> notFound() {
        return tossJson.error(errors.of("NOT_FOUND")).toEntity();
    }

    /** A request held on purpose and let go (reset, shutdown): nobody is listening; nothing was stored. */
    @ExceptionHandler(RequestAbandoned.class)
    ResponseEntity<byte[]> abandoned() {
        return tossJson.error(errors.of("FAILED_INTERNAL_SYSTEM_PROCESSING")).toEntity();
    }

    private ApiResponse execute(HttpServletRequest request, String orderId, Supplier<ApiResponse> call) {
        String header = request.getHeader(TossApiFilter.IDEMPOTENCY_KEY);
        IdempotencyStore.Key key = header == null || header.isBlank()
                ? null
                : new IdempotencyStore.Key(apiKeyId, request.getMethod(), request.getRequestURI(), header);
        return idempotency.execute(key, orderId, call);
    }

    private ResponseEntity<byte[]> answer(Supplier<ApiResponse> call) {
        try {
            return call.get().toEntity();
        } catch (TossException e) {
            return tossJson.error(e).toEntity();
        }
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isString() ? null : value.asString();
    }

    /** Idempotency keys are scoped per API key; the key itself is not kept in the store. */
    private static String fingerprint(String secretKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secretKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
