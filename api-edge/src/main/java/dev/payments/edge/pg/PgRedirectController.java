package dev.payments.edge.pg;

import dev.payments.edge.EventPublisher;
import dev.payments.edge.web.QueryParameters;
import dev.payments.schemas.OrderId;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.PgResult.Channel;
import dev.payments.schemas.PgResult.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * The PG sends the buyer's browser to successUrl or failUrl with its own parameters appended. Each redirect becomes a
 * {@code payment.pg.result} claim (channel REDIRECT) for the worker to verify, then a 303 to the result page.
 */
@RestController
class PgRedirectController {

    static final String CANCELED_BY_BUYER = "PAY_PROCESS_CANCELED";

    private static final Pattern AMOUNT = Pattern.compile("^[0-9]{1,13}$");
    private static final long MAX_AMOUNT = 1_000_000_000_000L;
    private static final int MAX_TOKEN = 512;
    private static final int MAX_PAYMENT_KEY = 200;
    private static final int MAX_PAYMENT_TYPE = 50;
    private static final int MAX_CODE = 100;
    private static final int MAX_MESSAGE = 1000;

    private final EventPublisher publisher;

    PgRedirectController(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** {@code GET /pg/success?orderId&token&paymentKey&amount[&paymentType]}: the PG says the buyer authorised. */
    @GetMapping("/pg/success")
    ResponseEntity<Void> success(HttpServletRequest request) {
        var params = QueryParameters.of(request);
        String orderId = params.required("orderId", OrderId::isValid, OrderId.EXPECTATION);
        String token = params.required("token", MAX_TOKEN);
        String paymentKey = params.required("paymentKey", MAX_PAYMENT_KEY);
        String amount =
                params.required("amount", AMOUNT.asMatchPredicate(), "must be a non-negative integer (KRW won)");
        params.optional("paymentType", MAX_PAYMENT_TYPE); // validated for shape only; not part of the event
        if (amount != null && Long.parseLong(amount) > MAX_AMOUNT) {
            params.reject("amount", "must be at most " + MAX_AMOUNT);
        }
        params.throwIfInvalid();

        publisher.publish(PgResult.success(orderId, token, Channel.REDIRECT, paymentKey, Long.parseLong(amount)));
        return seeResultPage(orderId, token);
    }

    /** {@code GET /pg/fail?orderId&token&code&message}: the buyer cancelled (PAY_PROCESS_CANCELED) or it failed. */
    @GetMapping("/pg/fail")
    ResponseEntity<Void> fail(HttpServletRequest request) {
        var params = QueryParameters.of(request);
        String orderId = params.required("orderId", OrderId::isValid, OrderId.EXPECTATION);
        String token = params.required("token", MAX_TOKEN);
        String code = params.optional("code", MAX_CODE);
        String message = params.optional("message", MAX_MESSAGE);
        params.throwIfInvalid();

        Outcome outcome = CANCELED_BY_BUYER.equals(code) ? Outcome.CANCEL : Outcome.FAIL;
        publisher.publish(PgResult.failure(orderId, outcome, token, Channel.REDIRECT, code, message));
        return seeResultPage(orderId, token);
    }

    private static ResponseEntity<Void> seeResultPage(String orderId, String token) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(resultPage(orderId, token))
                .cacheControl(CacheControl.noStore())
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    /**
     * {@code /orders/{orderId}/result?token={token}}, both values encoded strictly (every character but the unreserved
     * ones), as a URI template's variables are: the token comes from the PG's redirect and may hold anything. Built
     * by hand rather than by a URI builder per redirect; {@code ResultPageUrlTest} holds it to the builder's output.
     */
    static URI resultPage(String orderId, String token) {
        return URI.create("/orders/" + UriUtils.encode(orderId, StandardCharsets.UTF_8) + "/result?token="
                + UriUtils.encode(token, StandardCharsets.UTF_8));
    }
}
