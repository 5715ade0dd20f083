package dev.payments.sandbox.api;

import dev.payments.sandbox.SandboxProperties;
import dev.payments.sandbox.payment.TossErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What happens to every Toss API call ({@code /v1/*}) before it reaches a payment, in this order: injected latency and
 * errors ({@code payments.sandbox.faults.*}), Basic auth with the secret key (compared in constant time; the header is
 * never logged), the Idempotency-Key length, and {@code TossPayments-Test-Code}.
 */
class TossApiFilter extends OncePerRequestFilter {

    static final String TEST_CODE = "TossPayments-Test-Code";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_IDEMPOTENCY_KEY = 300;

    private static final Logger log = LoggerFactory.getLogger(TossApiFilter.class);
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,99}");

    private final SandboxProperties properties;
    private final TossErrors errors;
    private final TossJson tossJson;
    private final byte[] secretKey;

    TossApiFilter(SandboxProperties properties, TossErrors errors, TossJson tossJson) {
        this.properties = properties;
        this.errors = errors;
        this.tossJson = tossJson;
        this.secretKey = properties.secretKey().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SandboxProperties.Faults faults = properties.faults();
        if (!injectLatency(faults)) {
            write(response, tossJson.error(errors.of("FAILED_INTERNAL_SYSTEM_PROCESSING")));
            return;
        }
        if (faults.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < faults.errorRate()) {
            write(response, tossJson.error(errors.of("FAILED_INTERNAL_SYSTEM_PROCESSING")));
            return;
        }
        if (!authenticated(request.getHeader("Authorization"))) {
            log.info("Refused {} {}: no valid secret key", request.getMethod(), request.getRequestURI());
            write(response, tossJson.error(errors.of("UNAUTHORIZED_KEY")));
            return;
        }
        String idempotencyKey = request.getHeader(IDEMPOTENCY_KEY);
        if ("POST".equals(request.getMethod())
                && idempotencyKey != null
                && idempotencyKey.length() > MAX_IDEMPOTENCY_KEY) {
            write(response, tossJson.error(errors.of("INVALID_IDEMPOTENCY_KEY")));
            return;
        }
        String testCode = request.getHeader(TEST_CODE);
        if (testCode != null && !testCode.isBlank()) {
            String code = testCode.strip();
            if (!CODE.matcher(code).matches()) {
                write(response, tossJson.error(errors.of("INVALID_REQUEST", "잘못된 테스트 코드입니다.")));
            } else {
                write(response, tossJson.error(errors.of(code)));
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /** False if the thread was interrupted while waiting. */
    private static boolean injectLatency(SandboxProperties.Faults faults) {
        long nanos = faults.latency().toNanos();
        long jitter = faults.latencyJitter().toNanos();
        if (jitter > 0) {
            nanos += ThreadLocalRandom.current().nextLong(jitter + 1);
        }
        if (nanos <= 0) {
            return true;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code Basic base64(secretKey + ":")}: the user name must be the secret key (the password is ignored). */
    private boolean authenticated(String authorization) {
        if (authorization == null
                || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = -1;
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return false;
        }
        byte[] user = java.util.Arrays.copyOf(decoded, colon);
        return MessageDigest.isEqual(user, secretKey);
    }

    private static void write(HttpServletResponse response, ApiResponse answer) throws IOException {
        response.setStatus(answer.status());
        response.setContentType(ApiResponse.JSON.toString());
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}
