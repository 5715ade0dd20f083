package dev.payments.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;

/**
 * The buyer's own account that a refund of a deposited virtual-account payment is paid into (Toss
 * {@code refundReceiveAccount}): the PG cannot send the money back the way it came. It travels only as far as the PG
 * call needs: the refund request, the refund's PG job while it runs; never into a log, the order's records or the
 * shop's events.
 *
 * @param bank the bank's code as the PG names it
 * @param accountNumber digits only, at most 20
 * @param holderName the account holder, at most 60 characters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RefundReceiveAccount(String bank, String accountNumber, String holderName) {

    public static final String BANK_REGEX = "^[A-Za-z0-9_]{1,20}$";
    public static final String ACCOUNT_NUMBER_REGEX = "^[0-9]{1,20}$";
    public static final int HOLDER_NAME_MAX_LENGTH = 60;

    public static final String BANK_EXPECTATION = "must be the bank's code: 1-20 of [A-Za-z0-9_]";
    public static final String ACCOUNT_NUMBER_EXPECTATION = "must be 1-20 digits";
    public static final String HOLDER_NAME_EXPECTATION =
            "must be 1-" + HOLDER_NAME_MAX_LENGTH + " characters, not blank";

    private static final Pattern BANK = Pattern.compile(BANK_REGEX);
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile(ACCOUNT_NUMBER_REGEX);

    public static boolean isValidBank(String bank) {
        return bank != null && BANK.matcher(bank).matches();
    }

    public static boolean isValidAccountNumber(String accountNumber) {
        return accountNumber != null && ACCOUNT_NUMBER.matcher(accountNumber).matches();
    }

    public static boolean isValidHolderName(String holderName) {
        return holderName != null && !holderName.isBlank() && holderName.length() <= HOLDER_NAME_MAX_LENGTH;
    }

    /** Whether every field has its shape. Not a property of the account: never written into its JSON. */
    @JsonIgnore
    public boolean isValid() {
        return isValidBank(bank) && isValidAccountNumber(accountNumber) && isValidHolderName(holderName);
    }

    /** Without the account number and holder: a record's default toString would put them into any log line. */
    @Override
    public String toString() {
        return "RefundReceiveAccount[bank=" + bank + ", accountNumber=***, holderName=***]";
    }
}
