package dev.payments.sandbox.api;

import dev.payments.sandbox.payment.TossErrors;
import dev.payments.sandbox.payment.TossException;
import dev.payments.sandbox.payment.TossTime;
import dev.payments.sandbox.payment.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/transactions} (거래 조회): the transaction list between two Korean local times, inclusive at second
 * resolution, paged by the transactionKey of the previous page's last row. Auth and the {@code /v1} faults come from
 * {@link TossApiFilter}; the 429 and delay knobs from {@link TransactionsFaults}.
 */
@RestController
class TransactionsController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 5000;

    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    private final Transactions transactions;
    private final TransactionsFaults faults;
    private final TossJson tossJson;
    private final TossErrors errors;

    TransactionsController(Transactions transactions, TransactionsFaults faults, TossJson tossJson, TossErrors errors) {
        this.transactions = transactions;
        this.faults = faults;
        this.tossJson = tossJson;
        this.errors = errors;
    }

    @GetMapping("/v1/transactions")
    ResponseEntity<byte[]> list(
            @RequestParam(required = false) String startDate,
            @RequestParam(required = false) String endDate,
            @RequestParam(required = false) String startingAfter,
            @RequestParam(required = false) String limit) {
        if (!pause(faults.delay())) {
            return tossJson.error(errors.of("FAILED_INTERNAL_SYSTEM_PROCESSING"))
                    .toEntity();
        }
        if (faults.takeTooManyRequests()) {
            ResponseEntity<byte[]> answer =
                    tossJson.error(errors.of("TOO_MANY_REQUESTS")).toEntity();
            return ResponseEntity.status(answer.getStatusCode())
                    .headers(answer.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(faults.retryAfterSeconds()))
                    .body(answer.getBody());
        }
        try {
            Instant from = koreanTime("startDate", startDate);
            Instant to = koreanTime("endDate", endDate);
            if (from.isAfter(to)) {
                throw errors.of("INVALID_REQUEST", "startDate는 endDate보다 늦을 수 없습니다.");
            }
            int size = limit(limit);
            if (startingAfter != null && startingAfter.isBlank()) {
                throw errors.of("INVALID_REQUEST", "startingAfter가 비어 있습니다.");
            }
            List<Map<String, Object>> rows;
            try {
                rows = transactions.page(from, to, startingAfter, size).stream()
                        .map(transactions::json)
                        .toList();
            } catch (IllegalArgumentException e) {
                throw errors.of("INVALID_REQUEST", "존재하지 않는 startingAfter 입니다.");
            }
            return tossJson.ok(rows).toEntity();
        } catch (TossException e) {
            return tossJson.error(e).toEntity();
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} in Korean time; missing or malformed: INVALID_REQUEST. */
    private Instant koreanTime(String name, String value) {
        if (value == null || value.isBlank()) {
            throw errors.of("INVALID_REQUEST", name + "는 필수입니다. (yyyy-MM-ddTHH:mm:ss)");
        }
        try {
            return LocalDateTime.parse(value, LOCAL_TIME).atOffset(TossTime.KST).toInstant();
        } catch (DateTimeParseException e) {
            throw errors.of("INVALID_REQUEST", name + "의 형식이 올바르지 않습니다. (yyyy-MM-ddTHH:mm:ss)");
        }
    }

    private int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw errors.of("INVALID_REQUEST", "limit는 1 이상 5000 이하여야 합니다.");
    }

    /** False if the thread was interrupted while waiting. */
    private static boolean pause(Duration delay) {
        if (delay.isZero()) {
            return true;
        }
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
