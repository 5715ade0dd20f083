package dev.payments.sandbox.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What happens to an issued virtual account outside the API, as in Toss's developer console (test mode): the buyer's
 * transfer (deposit) and the bank reversing it. A transfer into an account past its due date, or cancelled, bounces.
 * Nothing happens by itself at the due date: the payment stays WAITING_FOR_DEPOSIT and no webhook is sent.
 */
@Service
public class VirtualAccounts {

    /** The bank of every sandbox account and transfer (Toss's code 20, 우리은행). */
    static final String BANK_CODE = "20";

    static final String DEFAULT_CUSTOMER_NAME = "구매자";

    private static final int MAX_DEPOSITOR_NAME = 100;
    private static final Logger log = LoggerFactory.getLogger(VirtualAccounts.class);

    private final Payments payments;
    private final Ledger ledger;
    private final Transactions transactions;
    private final TossErrors errors;
    private final Clock clock;

    VirtualAccounts(Payments payments, Ledger ledger, Transactions transactions, TossErrors errors, Clock clock) {
        this.payments = payments;
        this.ledger = ledger;
        this.transactions = transactions;
        this.errors = errors;
        this.clock = clock;
    }

    /**
     * A deposit into the account.
     *
     * @param depositorName who transferred (null or blank: the account's customer)
     * @param twice the deposit's webhooks are sent a second time (separate webhooks, same status), as Toss may do
     * @param wrongSecret the webhooks carry a secret that is not the payment's (a receiver must refuse them)
     */
    public record Deposit(String depositorName, boolean twice, boolean wrongSecret) {

        public static final Deposit PLAIN = new Deposit(null, false, false);
    }

    /** The buyer's transfer: WAITING_FOR_DEPOSIT → DONE, approvedAt set, then DEPOSIT_CALLBACK and PAYMENT_STATUS_CHANGED. */
    public Map<String, Object> deposit(String paymentKey, Deposit deposit) {
        if (deposit.depositorName() != null && deposit.depositorName().length() > MAX_DEPOSITOR_NAME) {
            throw errors.of("INVALID_REQUEST", "depositorName은 100자 이하여야 합니다.");
        }
        Payment payment = virtualAccount(paymentKey);
        return Payments.withLock(payment, () -> {
            Instant now = clock.instant();
            if (payment.status() != Payment.Status.WAITING_FOR_DEPOSIT) {
                log.info("Deposit for order {} bounced: the payment is {}", payment.orderId(), payment.status());
                throw errors.of("NOT_WAITING_FOR_DEPOSIT");
            }
            if (!now.isBefore(payment.virtualAccount().dueDate())) {
                log.info("Deposit for order {} bounced: the account's due date has passed", payment.orderId());
                throw errors.of("VIRTUAL_ACCOUNT_EXPIRED");
            }
            String depositor =
                    deposit.depositorName() == null || deposit.depositorName().isBlank()
                            ? payment.virtualAccount().customerName()
                            : deposit.depositorName().strip();
            Payment.StatusChanged change = payment.deposit(now, RandomKeys.transactionKey(), depositor);
            ledger.deposited(payment.orderId());
            transactions.approved(payment, now);
            String webhookSecret = deposit.wrongSecret() ? RandomKeys.secret() : null;
            Map<String, Object> json = payments.announce(payment, change, webhookSecret);
            if (deposit.twice()) {
                payments.announce(payment, change, webhookSecret);
            }
            log.info(
                    "Order {}: deposit received, DONE{}{}",
                    payment.orderId(),
                    deposit.twice() ? " (webhooks sent twice)" : "",
                    deposit.wrongSecret() ? " (webhooks with a wrong secret)" : "");
            return json;
        });
    }

    /** The bank reversed the deposit: DONE → WAITING_FOR_DEPOSIT, announced like a deposit. */
    public Map<String, Object> reverse(String paymentKey) {
        Payment payment = virtualAccount(paymentKey);
        return Payments.withLock(payment, () -> {
            if (payment.status() != Payment.Status.DONE) {
                throw errors.of("NOT_DEPOSITED");
            }
            Payment.StatusChanged change = payment.reverseDeposit(RandomKeys.transactionKey());
            ledger.depositReversed(payment.orderId());
            log.info("Order {}: deposit reversed, WAITING_FOR_DEPOSIT again", payment.orderId());
            return payments.announce(payment, change);
        });
    }

    /** How long the account the payment's confirm will issue stays open (only before it is issued). */
    public Map<String, Object> validFor(String paymentKey, Duration validFor) {
        Payment payment = payments.existing(paymentKey, "NOT_FOUND_PAYMENT");
        return Payments.withLock(payment, () -> {
            if (payment.status() != Payment.Status.READY && payment.status() != Payment.Status.IN_PROGRESS) {
                throw errors.of("ALREADY_PROCESSED_PAYMENT", "이미 가상계좌가 발급되었거나 종료된 결제입니다.");
            }
            payment.accountValidFor(validFor);
            return payments.json(payment, true);
        });
    }

    private Payment virtualAccount(String paymentKey) {
        Payment payment = payments.existing(paymentKey, "NOT_FOUND_PAYMENT");
        if (payment.method() != Method.VIRTUAL_ACCOUNT) {
            throw errors.of("NOT_VIRTUAL_ACCOUNT");
        }
        return payment;
    }
}
