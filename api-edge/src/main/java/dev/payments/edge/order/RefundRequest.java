package dev.payments.edge.order;

import dev.payments.schemas.RefundId;
import jakarta.validation.Valid;
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
 * @param refundReceiveAccount the buyer's account for the refund of a deposited virtual account; required for such an
 *     order, ignored by the PG for any other
 */
record RefundRequest(
        @Pattern(regexp = RefundId.REGEX, message = RefundId.EXPECTATION) @Nullable
        String refundId,

        @Min(1) @Max(1_000_000_000) @Nullable Long amount,
        @NotBlank @Size(max = RefundId.REASON_MAX_LENGTH) String reason,
        @Valid @Nullable RefundAccount refundReceiveAccount) {

    /**
     * Whether a refund recorded with this requested amount (null: none named) and reason is this request's. The refund
     * account is not compared: the worker keeps it only in the refund's PG job, never with the refund, and decides a
     * repetition by amount and reason alone, so a retry is answered as the first request whatever account it names.
     */
    boolean sameAs(@Nullable Long requestedAmount, String recordedReason) {
        return Objects.equals(amount, requestedAmount) && reason.equals(recordedReason);
    }
}
