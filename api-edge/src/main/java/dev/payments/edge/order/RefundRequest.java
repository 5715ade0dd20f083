package dev.payments.edge.order;

import dev.payments.schemas.RefundId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/v1/orders/{orderId}/refunds} (docs/contract.md §4).
 *
 * @param refundId generated when absent
 * @param amount KRW won; absent: the whole refundable balance when the worker decides
 */
record RefundRequest(
        @Pattern(regexp = RefundId.REGEX, message = RefundId.EXPECTATION) @Nullable
        String refundId,

        @Min(1) @Max(1_000_000_000) @Nullable Long amount,
        @NotBlank @Size(max = RefundId.REASON_MAX_LENGTH) String reason) {

    /** Whether a refund recorded with this requested amount (null: none named) and reason is this request's. */
    boolean sameAs(@Nullable Long requestedAmount, String recordedReason) {
        return Objects.equals(amount, requestedAmount) && reason.equals(recordedReason);
    }
}
