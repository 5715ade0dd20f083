package dev.payments.edge.order;

import dev.payments.schemas.RefundReceiveAccount;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A refund request's {@code refundReceiveAccount}: the buyer's own account that the refund of a deposited virtual
 * account (가상계좌) is paid into. Validated with {@link RefundReceiveAccount}'s rules; it goes into the refund request
 * event and nowhere else: not the answer, not a log line.
 */
record RefundAccount(
        @NotNull(message = "is required")
        @Pattern(regexp = RefundReceiveAccount.BANK_REGEX, message = RefundReceiveAccount.BANK_EXPECTATION)
        String bank,

        @NotNull(message = "is required")
        @Pattern(
                regexp = RefundReceiveAccount.ACCOUNT_NUMBER_REGEX,
                message = RefundReceiveAccount.ACCOUNT_NUMBER_EXPECTATION)
        String accountNumber,

        @NotBlank(message = RefundReceiveAccount.HOLDER_NAME_EXPECTATION)
        @Size(max = RefundReceiveAccount.HOLDER_NAME_MAX_LENGTH, message = RefundReceiveAccount.HOLDER_NAME_EXPECTATION)
        String holderName) {

    RefundReceiveAccount toEvent() {
        return new RefundReceiveAccount(bank, accountNumber, holderName);
    }

    /** Without the account number and holder: a record's default toString would put them into any log line. */
    @Override
    public String toString() {
        return "RefundAccount[bank=" + bank + ", accountNumber=***, holderName=***]";
    }
}
