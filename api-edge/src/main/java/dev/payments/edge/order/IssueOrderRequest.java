package dev.payments.edge.order;

import dev.payments.schemas.OrderId;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/orders} (docs/contract.md §4). Amounts are integers in KRW won. */
record IssueOrderRequest(
        @Pattern(regexp = OrderId.REGEX, message = OrderId.EXPECTATION)
        String orderId,

        @NotNull @Min(1) @Max(1_000_000_000) Long amount,

        @Pattern(regexp = "^KRW$", message = "must be KRW (the only supported currency)")
        String currency,

        @NotBlank @Size(max = 100) String orderName,
        @Size(max = 100) String customerName,
        @Size(max = 100) @Email String customerEmail) {

    static final String DEFAULT_CURRENCY = "KRW";

    String currencyOrDefault() {
        return currency == null ? DEFAULT_CURRENCY : currency;
    }
}
