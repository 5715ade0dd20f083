package dev.payments.sandbox.automation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.payments.sandbox.api.IdempotencyStore;
import dev.payments.sandbox.api.TransactionsFaults;
import dev.payments.sandbox.payment.CancelCommand;
import dev.payments.sandbox.payment.ConfirmBehaviour;
import dev.payments.sandbox.payment.HeldRequests;
import dev.payments.sandbox.payment.Ledger;
import dev.payments.sandbox.payment.Method;
import dev.payments.sandbox.payment.OpenSession;
import dev.payments.sandbox.payment.Payment;
import dev.payments.sandbox.payment.Payments;
import dev.payments.sandbox.payment.TossErrors;
import dev.payments.sandbox.payment.TossException;
import dev.payments.sandbox.payment.Transactions;
import dev.payments.sandbox.payment.VirtualAccounts;
import dev.payments.sandbox.webhook.WebhookSender;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Test-only: headless sessions, what the PG or the bank does behind the merchant's back (cancel, approve, deposit,
 * reverse a deposit, lose webhooks), faults of the transactions API, the ledger, reset. No authentication (see the package documentation).
 */
@RestController
class AutomationController {

    private static final Logger log = LoggerFactory.getLogger(AutomationController.class);

    private final Payments payments;
    private final Ledger ledger;
    private final TossErrors errors;
    private final IdempotencyStore idempotency;
    private final WebhookSender webhooks;
    private final HeldRequests held;
    private final VirtualAccounts virtualAccounts;
    private final Transactions transactions;
    private final TransactionsFaults transactionsFaults;

    AutomationController(
            Payments payments,
            VirtualAccounts virtualAccounts,
            Ledger ledger,
            TossErrors errors,
            IdempotencyStore idempotency,
            WebhookSender webhooks,
            HeldRequests held,
            Transactions transactions,
            TransactionsFaults transactionsFaults) {
        this.payments = payments;
        this.virtualAccounts = virtualAccounts;
        this.transactions = transactions;
        this.transactionsFaults = transactionsFaults;
        this.ledger = ledger;
        this.errors = errors;
        this.idempotency = idempotency;
        this.webhooks = webhooks;
        this.held = held;
    }

    @PostMapping("/sandbox/v1/sessions")
    ResponseEntity<Map<String, Object>> createSession(@RequestBody SessionRequest request) {
        SessionRequest.Outcome outcome;
        ConfirmBehaviour behaviour;
        Duration accountValidFor;
        try {
            outcome = request.outcomeOrDefault();
            behaviour = request.behaviour();
            accountValidFor = request.accountValidFor();
        } catch (IllegalArgumentException e) {
            return error(errors.of("INVALID_REQUEST", e.getMessage()));
        }
        Method method = Method.of(request.method());
        if (method == null && request.method() != null && !request.method().isBlank()) {
            return error(errors.of("NOT_SUPPORTED_METHOD"));
        }
        try {
            if (request.amount() == null) {
                throw errors.of("INVALID_REQUEST", "amount는 필수입니다.");
            }
            Payment payment = payments.open(new OpenSession(
                    request.orderId(),
                    request.orderName() == null ? "sandbox order" : request.orderName(),
                    request.amount(),
                    request.customerName(),
                    request.customerEmail(),
                    request.successUrl(),
                    request.failUrl(),
                    request.paymentKey(),
                    behaviour,
                    method,
                    accountValidFor));
            Map<String, String> parameters = new LinkedHashMap<>();
            String target = null;
            switch (outcome) {
                case PAY -> {
                    payments.authenticate(payment.paymentKey(), method);
                    parameters.put("paymentKey", payment.paymentKey());
                    parameters.put("orderId", payment.orderId());
                    parameters.put("amount", Long.toString(payment.totalAmount()));
                    parameters.put("paymentType", "NORMAL");
                    target = request.successUrl();
                }
                case DECLINE -> {
                    payments.decline(payment.paymentKey());
                    parameters.put("code", "REJECT_CARD_COMPANY");
                    parameters.put("message", TossErrors.message("REJECT_CARD_COMPANY"));
                    parameters.put("orderId", payment.orderId());
                    target = request.failUrl();
                }
                case CANCEL -> {
                    parameters.put("code", "PAY_PROCESS_CANCELED");
                    parameters.put("message", TossErrors.message("PAY_PROCESS_CANCELED"));
                    target = request.failUrl();
                }
                case NONE -> {}
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("paymentKey", payment.paymentKey());
            body.put("orderId", payment.orderId());
            body.put("amount", payment.totalAmount());
            body.put("status", payment.status().name());
            body.put("outcome", outcome.name());
            body.put("parameters", parameters);
            body.put("redirectUrl", target == null || parameters.isEmpty() ? null : append(target, parameters));
            body.put("payment", payments.snapshot(payment));
            log.debug("Headless session for order {}: {}", payment.orderId(), outcome);
            return ResponseEntity.status(HttpStatus.CREATED).body(body);
        } catch (TossException e) {
            return error(e);
        }
    }

    /** A cancel in Toss's console behind the merchant's back: no Idempotency-Key, the cancel API's rules and body. */
    @PostMapping("/sandbox/v1/payments/{paymentKey}/cancel")
    ResponseEntity<Map<String, Object>> consoleCancel(
            @PathVariable String paymentKey, @RequestBody(required = false) JsonNode body) {
        try {
            CancelCommand command = CancelCommand.of(body, errors);
            return ResponseEntity.ok(payments.cancel(paymentKey, command, true));
        } catch (TossException e) {
            return error(e);
        }
    }

    /** How the merchant's cancels of the payment are answered from now on: the confirm behaviours, applied to cancels. */
    @PostMapping("/sandbox/v1/payments/{paymentKey}/cancel-behaviour")
    ResponseEntity<Map<String, Object>> cancelBehaviour(
            @PathVariable String paymentKey, @RequestBody SessionRequest.Confirm request) {
        ConfirmBehaviour behaviour;
        try {
            behaviour = request.toBehaviour();
        } catch (IllegalArgumentException e) {
            return error(errors.of("INVALID_REQUEST", e.getMessage()));
        }
        try {
            payments.cancelBehaviour(paymentKey, behaviour);
            return ResponseEntity.ok(Map.of("paymentKey", paymentKey, "cancelBehaviour", behaviour.toString()));
        } catch (TossException e) {
            return error(e);
        }
    }

    /** The PG approving a READY or IN_PROGRESS payment without the merchant's confirm. */
    @PostMapping("/sandbox/v1/payments/{paymentKey}/approve")
    ResponseEntity<Map<String, Object>> approveBehindBack(@PathVariable String paymentKey) {
        try {
            return ResponseEntity.ok(payments.approveBehindBack(paymentKey));
        } catch (TossException e) {
            return error(e);
        }
    }

    /**
     * The buyer's transfer into a virtual account (as from Toss's developer console): WAITING_FOR_DEPOSIT → DONE, then
     * its webhooks; {@code twice} sends them twice, {@code wrongSecret} with a secret that is not the payment's.
     */
    @PostMapping("/sandbox/v1/payments/{paymentKey}/deposit")
    ResponseEntity<Map<String, Object>> deposit(
            @PathVariable String paymentKey, @RequestBody(required = false) DepositRequest request) {
        VirtualAccounts.Deposit deposit = request == null
                ? VirtualAccounts.Deposit.PLAIN
                : new VirtualAccounts.Deposit(
                        request.depositorName(),
                        Boolean.TRUE.equals(request.twice()),
                        Boolean.TRUE.equals(request.wrongSecret()));
        try {
            return ResponseEntity.ok(virtualAccounts.deposit(paymentKey, deposit));
        } catch (TossException e) {
            return error(e);
        }
    }

    /** The bank reverses a deposit: DONE → WAITING_FOR_DEPOSIT, then its webhooks. */
    @PostMapping("/sandbox/v1/payments/{paymentKey}/reverse-deposit")
    ResponseEntity<Map<String, Object>> reverseDeposit(@PathVariable String paymentKey) {
        try {
            return ResponseEntity.ok(virtualAccounts.reverse(paymentKey));
        } catch (TossException e) {
            return error(e);
        }
    }

    /** How long the virtual account a payment's confirm issues stays open (before the confirm only). */
    @PostMapping("/sandbox/v1/payments/{paymentKey}/virtual-account-validity")
    ResponseEntity<Map<String, Object>> accountValidity(
            @PathVariable String paymentKey, @RequestBody ValidityRequest request) {
        if (request.validForSeconds() == null || request.validForSeconds() < 1) {
            return error(errors.of("INVALID_REQUEST", "validForSeconds must be at least 1"));
        }
        try {
            return ResponseEntity.ok(
                    virtualAccounts.validFor(paymentKey, Duration.ofSeconds(request.validForSeconds())));
        } catch (TossException e) {
            return error(e);
        }
    }

    /**
     * The payment's next {@code count} webhooks (of every type) are lost on the way: never sent, counted as dropped.
     * No body or no count: every later one ({@code dropping: -1}); 0 stops dropping.
     */
    @PostMapping("/sandbox/v1/payments/{paymentKey}/drop-webhooks")
    ResponseEntity<Map<String, Object>> dropWebhooks(
            @PathVariable String paymentKey, @RequestBody(required = false) DropRequest request) {
        Long given = request == null ? null : request.count();
        if (given != null && given < 0) {
            return error(errors.of("INVALID_REQUEST", "count must not be negative"));
        }
        long count = given == null ? WebhookSender.DROP_ALL : given;
        if (payments.orderIdOf(paymentKey) == null) {
            return error(errors.of("NOT_FOUND_PAYMENT"));
        }
        webhooks.dropWebhooks(paymentKey, count);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("paymentKey", paymentKey);
        body.put("dropping", count);
        return ResponseEntity.ok(body);
    }

    /**
     * Faults of {@code GET /v1/transactions}: the next {@code tooManyRequests} calls answer 429 with
     * {@code Retry-After: retryAfterSeconds}; each call waits {@code delayMs} first. Absent fields stay as they are.
     */
    @PostMapping("/sandbox/v1/faults/transactions")
    ResponseEntity<Map<String, Object>> transactionsFaults(
            @RequestBody(required = false) TransactionsFaultsRequest request) {
        TransactionsFaults.Settings settings;
        try {
            settings = request == null
                    ? transactionsFaults.settings()
                    : transactionsFaults.set(request.tooManyRequests(), request.retryAfterSeconds(), request.delayMs());
        } catch (IllegalArgumentException e) {
            return error(errors.of("INVALID_REQUEST", e.getMessage()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tooManyRequests", settings.tooManyRequests());
        body.put("retryAfterSeconds", settings.retryAfterSeconds());
        body.put("delayMs", settings.delayMs());
        return ResponseEntity.ok(body);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DropRequest(Long count) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TransactionsFaultsRequest(Long tooManyRequests, Long retryAfterSeconds, Long delayMs) {}

    /** {@code POST /sandbox/v1/payments/{paymentKey}/deposit}'s body (every field optional). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DepositRequest(String depositorName, Boolean twice, Boolean wrongSecret) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ValidityRequest(Long validForSeconds) {}

    @GetMapping("/sandbox/v1/ledger/{orderId}")
    ResponseEntity<Map<String, Object>> ledgerOf(@PathVariable String orderId) {
        Map<String, Object> counters = ledger.counters(orderId);
        Payment payment = payments.latestOf(orderId);
        if (counters == null && payment == null) {
            return error(errors.of("NOT_FOUND", "sandbox has no record of order " + orderId));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", orderId);
        body.put("paymentKey", payment == null ? null : payment.paymentKey());
        body.put(
                "status",
                payment == null
                        ? null
                        : payments.find(payment.paymentKey()).status().name());
        if (counters != null) {
            body.putAll(counters);
        }
        return ResponseEntity.ok(body);
    }

    @GetMapping("/sandbox/v1/ledger")
    Map<String, Object> summary() {
        Map<String, Object> body = new LinkedHashMap<>(ledger.summary());
        body.put("heldRequests", held.count());
        return body;
    }

    @PostMapping("/sandbox/v1/reset")
    ResponseEntity<Void> reset() {
        webhooks.reset();
        held.releaseAll();
        payments.clear();
        idempotency.clear();
        ledger.clear();
        transactions.clear();
        transactionsFaults.clear();
        log.info("Sandbox state reset");
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<Map<String, Object>> error(TossException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", e.code());
        body.put("message", e.getMessage());
        return ResponseEntity.status(e.status()).body(body);
    }

    private static String append(String url, Map<String, String> parameters) {
        String query = parameters.entrySet().stream()
                .map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
                .collect(Collectors.joining("&"));
        return url + (url.contains("?") ? "&" : "?") + query;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
