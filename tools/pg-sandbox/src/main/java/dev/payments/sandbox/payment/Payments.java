package dev.payments.sandbox.payment;

import dev.payments.sandbox.SandboxProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The sandbox's payments, in memory: indexed by paymentKey and by orderId (the order's latest session), each guarded by
 * its own lock, so that two confirms of one payment cannot both approve and no request waits for another payment.
 * Expiry happens on every access (observed on read) and in a periodic sweep.
 */
@Service
public class Payments {

    private static final Logger log = LoggerFactory.getLogger(Payments.class);

    static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_=-]{6,64}");

    private final ConcurrentHashMap<String, Payment> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Payment> byOrder = new ConcurrentHashMap<>();
    private final SandboxProperties properties;
    private final TossErrors errors;
    private final Ledger ledger;
    private final Transactions transactions;
    private final HeldRequests held;
    private final List<PaymentStatusListener> listeners;
    private final Clock clock;

    public Payments(
            SandboxProperties properties,
            TossErrors errors,
            Ledger ledger,
            Transactions transactions,
            HeldRequests held,
            List<PaymentStatusListener> listeners,
            Clock clock) {
        this.properties = properties;
        this.errors = errors;
        this.ledger = ledger;
        this.transactions = transactions;
        this.held = held;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    // ---- the payment window ---------------------------------------------------------------------------------------

    /**
     * Opens (or re-opens) the payment window of an order: a new READY payment, or the order's open session when it is
     * still READY or IN_PROGRESS with the same amount and name. An order already approved (or with a virtual account
     * issued), or an open session with different terms, is {@code DUPLICATED_ORDER_ID}.
     */
    public Payment open(OpenSession command) {
        validate(command);
        Instant now = clock.instant();
        Payment[] result = new Payment[1];
        TossException[] error = new TossException[1];
        byOrder.compute(command.orderId(), (orderId, existing) -> {
            if (existing != null) {
                Payment.Status status = existing.status();
                boolean open = status == Payment.Status.READY || status == Payment.Status.IN_PROGRESS;
                boolean sameTerms = existing.totalAmount() == command.amount()
                        && existing.orderName().equals(command.orderName());
                if (existing.isProcessed() || (open && !sameTerms)) {
                    error[0] = errors.of("DUPLICATED_ORDER_ID");
                    return existing;
                }
                if (open
                        && (command.paymentKey() == null || command.paymentKey().equals(existing.paymentKey()))) {
                    result[0] = existing;
                    return existing;
                }
            }
            String paymentKey = command.paymentKey() == null ? RandomKeys.paymentKey(now) : command.paymentKey();
            Payment created = new Payment(
                    paymentKey,
                    orderId,
                    command.orderName(),
                    command.amount(),
                    now,
                    command.customerName(),
                    command.customerEmail(),
                    command.successUrl(),
                    command.failUrl(),
                    RandomKeys.secret(),
                    command.behaviour());
            created.requestMethod(command.method());
            created.accountValidFor(command.accountValidFor());
            if (byKey.putIfAbsent(paymentKey, created) != null) {
                error[0] = errors.of("INVALID_REQUEST", "이미 사용 중인 paymentKey 입니다.");
                return existing;
            }
            result[0] = created;
            return created;
        });
        if (error[0] != null) {
            throw error[0];
        }
        ledger.opened(command.orderId());
        log.debug("Payment window opened for order {} (paymentKey {})", command.orderId(), result[0].paymentKey());
        return result[0];
    }

    /** The checks of {@link #open(OpenSession)} on the session's terms, opening nothing (the SDK's pre-check). */
    public void check(OpenSession command) {
        validate(command);
    }

    private void validate(OpenSession c) {
        if (c.orderId() == null || !ORDER_ID.matcher(c.orderId()).matches()) {
            throw errors.of("INVALID_ORDER_ID");
        }
        if (c.orderName() == null || c.orderName().isBlank() || c.orderName().length() > 100) {
            throw errors.of("INVALID_ORDER_NAME");
        }
        if (c.amount() < properties.minAmount()) {
            throw errors.of("BELOW_MINIMUM_AMOUNT");
        }
        if (c.amount() > 1_000_000_000L) {
            throw errors.of("EXCEED_MAX_AMOUNT");
        }
        if ((c.customerName() != null && c.customerName().length() > 100)
                || (c.customerEmail() != null && c.customerEmail().length() > 100)) {
            throw errors.of("INVALID_REQUEST", "customerName, customerEmail은 100자 이하여야 합니다.");
        }
        if (c.paymentKey() != null
                && (c.paymentKey().isBlank() || c.paymentKey().length() > 200)) {
            throw errors.of("INVALID_REQUEST", "paymentKey는 200자 이하여야 합니다.");
        }
    }

    /** The payment of {@code paymentKey} (expiry applied), or null. */
    public Payment find(String paymentKey) {
        Payment payment = byKey.get(paymentKey);
        if (payment != null) {
            withLock(payment, () -> expireIfDue(payment, clock.instant()));
        }
        return payment;
    }

    /**
     * The buyer authenticated (Pay) with {@code method} (null: the one the shop asked for, else a card): READY →
     * IN_PROGRESS; the success redirect follows, the confirm approves (or issues the virtual account).
     */
    public Payment authenticate(String paymentKey, Method method) {
        Payment payment = existing(paymentKey);
        return withLock(payment, () -> {
            Instant now = clock.instant();
            expireIfDue(payment, now);
            if (payment.status() != Payment.Status.READY && payment.status() != Payment.Status.IN_PROGRESS) {
                throw errors.of("NOT_FOUND_PAYMENT_SESSION");
            }
            if (method == null) {
                payment.authenticate(now);
            } else {
                payment.authenticate(now, method);
            }
            log.debug("Order {} authenticated in the payment window: IN_PROGRESS", payment.orderId());
            return payment;
        });
    }

    /** The card company declined in the window: READY → ABORTED with REJECT_CARD_COMPANY. */
    public Payment decline(String paymentKey) {
        Payment payment = existing(paymentKey);
        return withLock(payment, () -> {
            expireIfDue(payment, clock.instant());
            if (payment.status() != Payment.Status.READY) {
                throw errors.of("NOT_FOUND_PAYMENT_SESSION");
            }
            payment.declineInWindow(
                    new Payment.Failure("REJECT_CARD_COMPANY", TossErrors.message("REJECT_CARD_COMPANY")));
            log.debug("Order {} declined in the payment window: ABORTED", payment.orderId());
            return payment;
        });
    }

    /** The buyer closed the window: nothing changes (the session expires in its time), but it must exist. */
    public Payment buyerCanceled(String paymentKey) {
        Payment payment = existing(paymentKey);
        withLock(payment, () -> expireIfDue(payment, clock.instant()));
        log.debug("Order {}: buyer canceled the payment window", payment.orderId());
        return payment;
    }

    private Payment existing(String paymentKey) {
        return existing(paymentKey, "NOT_FOUND_PAYMENT_SESSION");
    }

    /** The payment of {@code paymentKey}; unknown: the error {@code notFound}. */
    Payment existing(String paymentKey, String notFound) {
        Payment payment = paymentKey == null ? null : byKey.get(paymentKey);
        if (payment == null) {
            throw errors.of(notFound);
        }
        return payment;
    }

    // ---- the API ----------------------------------------------------------------------------------------------------

    /**
     * {@code POST /v1/payments/confirm}: IN_PROGRESS → DONE (or ABORTED), as the payment's behaviour says; a virtual
     * account is issued instead (→ WAITING_FOR_DEPOSIT, no webhook) and is approved by its deposit.
     */
    public Map<String, Object> confirm(String paymentKey, String orderId, long amount) {
        Payment payment = byKey.get(paymentKey);
        if (payment == null) {
            throw errors.of("NOT_FOUND_PAYMENT_SESSION");
        }
        if (!payment.orderId().equals(orderId)) {
            log.info(
                    "Confirm refused: orderId {} does not belong to paymentKey of order {}",
                    orderId,
                    payment.orderId());
            throw errors.of("FORBIDDEN_REQUEST");
        }
        if (payment.behaviour() instanceof ConfirmBehaviour.Delay delay) {
            pause(delay, orderId);
        }
        ReentrantLock lock = payment.lock();
        lock.lock();
        try {
            Instant now = clock.instant();
            expireIfDue(payment, now);
            switch (payment.status()) {
                case READY, EXPIRED -> throw errors.of("NOT_FOUND_PAYMENT_SESSION");
                case WAITING_FOR_DEPOSIT, DONE, CANCELED, PARTIAL_CANCELED ->
                    throw errors.of("ALREADY_PROCESSED_PAYMENT");
                case ABORTED ->
                    throw errors.of(payment.failure().code(), payment.failure().message());
                case IN_PROGRESS -> {}
            }
            if (amount != payment.totalAmount()) {
                log.info(
                        "Confirm of order {} refused: amount {} differs from the payment's {}",
                        orderId,
                        amount,
                        payment.totalAmount());
                throw errors.of(properties.amountMismatchCode(), "결제 금액이 일치하지 않습니다.");
            }
            if (!payment.takeHold()) {
                if (payment.takeFailure()) {
                    throw errors.of("FAILED_INTERNAL_SYSTEM_PROCESSING");
                }
                if (payment.behaviour() instanceof ConfirmBehaviour.Reject reject) {
                    Payment.StatusChanged change = payment.abort(new Payment.Failure(
                            reject.code(), errors.of(reject.code()).getMessage()));
                    log.info("Order {} confirm rejected with {}: ABORTED", orderId, reject.code());
                    announce(payment, change);
                    throw errors.of(reject.code());
                }
                if (payment.method() == Method.VIRTUAL_ACCOUNT) {
                    payment.issue(virtualAccount(payment, now), RandomKeys.transactionKey());
                    transactions.issued(payment, now);
                    log.debug("Order {}: virtual account issued, WAITING_FOR_DEPOSIT", orderId);
                    return json(payment, true);
                }
                Payment.StatusChanged change = payment.approve(now, RandomKeys.transactionKey());
                ledger.approved(orderId);
                transactions.approved(payment, now);
                log.debug("Order {} approved: DONE", orderId);
                return announce(payment, change);
            }
        } finally {
            lock.unlock();
        }
        log.info("Order {}: confirm held without an answer (NEVER_ANSWER)", orderId);
        held.hold(properties.neverAnswerMaxHold());
        throw new RequestAbandoned(orderId);
    }

    /** {@code GET /v1/payments/{paymentKey}}. */
    public Map<String, Object> lookupByKey(String paymentKey) {
        return lookup(byKey.get(paymentKey));
    }

    /** {@code GET /v1/payments/orders/{orderId}}: the order's latest payment. */
    public Map<String, Object> lookupByOrderId(String orderId) {
        return lookup(byOrder.get(orderId));
    }

    private Map<String, Object> lookup(Payment payment) {
        if (payment == null) {
            throw errors.of("NOT_FOUND_PAYMENT");
        }
        ledger.lookedUp(payment.orderId());
        return withLock(payment, () -> {
            expireIfDue(payment, clock.instant());
            boolean hideSecret = payment.method() == Method.VIRTUAL_ACCOUNT
                    && !properties.virtualAccount().secretInLookups();
            return json(payment, !hideSecret);
        });
    }

    /** Toss processes only the first of two cancels of one payment within this window. */
    static final Duration CONSECUTIVE_CANCEL_WINDOW = Duration.ofSeconds(1);

    /**
     * {@code POST /v1/payments/{paymentKey}/cancel}: DONE → CANCELED or PARTIAL_CANCELED; a virtual account awaiting
     * its deposit → CANCELED, whole only; a deposited one only with a refund account. {@code console} marks a cancel
     * made in Toss's console behind the merchant's back (automation API): same rules, counted apart.
     */
    public Map<String, Object> cancel(String paymentKey, CancelCommand command, boolean console) {
        Payment payment = byKey.get(paymentKey);
        if (payment == null) {
            throw errors.of("NOT_FOUND_PAYMENT");
        }
        validate(command);
        if (!console && payment.cancelBehaviour() instanceof ConfirmBehaviour.Delay delay) {
            pause(delay, payment.orderId());
        }
        Map<String, Object> answer = withLock(payment, () -> {
            Instant now = clock.instant();
            expireIfDue(payment, now);
            switch (payment.status()) {
                case CANCELED -> throw errors.of("ALREADY_CANCELED_PAYMENT");
                case DONE, PARTIAL_CANCELED, WAITING_FOR_DEPOSIT -> {}
                default -> throw errors.of("NOT_CANCELABLE_PAYMENT");
            }
            boolean deposited =
                    payment.virtualAccount() != null && payment.status() != Payment.Status.WAITING_FOR_DEPOSIT;
            if (deposited && command.refundReceiveAccount() == null) {
                throw errors.of("INVALID_REFUND_ACCOUNT_INFO", "가상계좌 환불에는 refundReceiveAccount가 필요합니다.");
            }
            Instant last = payment.lastCanceledAt();
            if (last != null && now.isBefore(last.plus(CONSECUTIVE_CANCEL_WINDOW))) {
                throw errors.of("FORBIDDEN_CONSECUTIVE_REQUEST");
            }
            long balance = payment.balanceAmount();
            if (command.refundableAmount() != null && command.refundableAmount() != balance) {
                throw errors.of("NOT_MATCHES_REFUNDABLE_AMOUNT");
            }
            if (balance == 0 || (command.cancelAmount() != null && command.cancelAmount() > balance)) {
                throw errors.of("NOT_CANCELABLE_AMOUNT");
            }
            if (payment.status() == Payment.Status.WAITING_FOR_DEPOSIT
                    && command.cancelAmount() != null
                    && command.cancelAmount() < balance) {
                throw errors.of("NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT");
            }
            if (!console && payment.takeCancelHold()) {
                return null;
            }
            if (!console && payment.takeCancelFailure()) {
                throw errors.of("FAILED_INTERNAL_SYSTEM_PROCESSING");
            }
            if (!console && payment.cancelBehaviour() instanceof ConfirmBehaviour.Reject reject) {
                throw errors.of(reject.code());
            }
            Payment.StatusChanged change = payment.cancel(
                    command.cancelAmount(),
                    command.cancelReason(),
                    now,
                    RandomKeys.transactionKey(),
                    RandomKeys.receiptKey());
            ledger.canceled(payment.orderId(), paymentKey, balance - payment.balanceAmount(), console);
            transactions.canceled(payment);
            log.info(
                    "Order {} canceled{}: {}, balance {}",
                    payment.orderId(),
                    console ? " in the console" : "",
                    change.to(),
                    payment.balanceAmount());
            return announce(payment, change);
        });
        if (answer == null) {
            log.info("Order {}: cancel held without an answer (NEVER_ANSWER)", payment.orderId());
            held.hold(properties.neverAnswerMaxHold());
            throw new RequestAbandoned(payment.orderId());
        }
        return answer;
    }

    /** Sets how the merchant's cancels of the payment are answered (automation API). */
    public void cancelBehaviour(String paymentKey, ConfirmBehaviour behaviour) {
        Payment payment = byKey.get(paymentKey);
        if (payment == null) {
            throw errors.of("NOT_FOUND_PAYMENT");
        }
        withLock(payment, () -> {
            payment.cancelBehaviour(behaviour);
            return null;
        });
    }

    private void validate(CancelCommand c) {
        if (c.cancelReason() == null
                || c.cancelReason().isBlank()
                || c.cancelReason().length() > 200) {
            throw errors.of("INVALID_REQUEST", "cancelReason은 필수이며 200자 이하여야 합니다.");
        }
        if (c.cancelAmount() != null && c.cancelAmount() < 1) {
            throw errors.of("INVALID_REQUEST", "cancelAmount는 0보다 커야 합니다.");
        }
        CancelCommand.RefundAccount account = c.refundReceiveAccount();
        if (account != null
                && (account.bank() == null
                        || account.bank().isBlank()
                        || account.accountNumber() == null
                        || !account.accountNumber().matches("[0-9]{1,20}")
                        || account.holderName() == null
                        || account.holderName().isBlank()
                        || account.holderName().length() > 60)) {
            throw errors.of("INVALID_REFUND_ACCOUNT_INFO");
        }
    }

    /**
     * Approves a READY or IN_PROGRESS payment without a confirm from the merchant (automation API): the PG approving a
     * payment behind the merchant's back, e.g. for an order the merchant already failed.
     */
    public Map<String, Object> approveBehindBack(String paymentKey) {
        Payment payment = existing(paymentKey);
        return withLock(payment, () -> {
            Instant now = clock.instant();
            expireIfDue(payment, now);
            switch (payment.status()) {
                case READY, IN_PROGRESS -> {}
                case WAITING_FOR_DEPOSIT, DONE, CANCELED, PARTIAL_CANCELED ->
                    throw errors.of("ALREADY_PROCESSED_PAYMENT");
                default -> throw errors.of("NOT_FOUND_PAYMENT_SESSION");
            }
            Method method = payment.method() != null ? payment.method() : payment.requestedMethod();
            if (method == Method.VIRTUAL_ACCOUNT) {
                throw errors.of("NOT_SUPPORTED_METHOD", "가상계좌는 입금으로 승인됩니다 (deposit).");
            }
            if (payment.status() == Payment.Status.READY) {
                payment.authenticate(now);
            }
            Payment.StatusChanged change = payment.approve(now, RandomKeys.transactionKey());
            ledger.approved(payment.orderId());
            transactions.approved(payment, now);
            log.info("Order {} approved behind the merchant's back: DONE", payment.orderId());
            return announce(payment, change);
        });
    }

    /** The orderId of the payment of {@code paymentKey}, or null. */
    public String orderIdOf(String paymentKey) {
        Payment payment = paymentKey == null ? null : byKey.get(paymentKey);
        return payment == null ? null : payment.orderId();
    }

    /** The order's latest payment, or null. */
    public Payment latestOf(String orderId) {
        return byOrder.get(orderId);
    }

    /** The Toss Payment object of {@code payment} (its secret shown), taken under its lock. */
    public Map<String, Object> snapshot(Payment payment) {
        return withLock(payment, () -> json(payment, true));
    }

    /** Every payment with a virtual account issued (a scan: the console page only), oldest first. */
    public List<Payment> virtualAccounts() {
        return byKey.values().stream()
                .filter(p -> p.method() == Method.VIRTUAL_ACCOUNT && p.virtualAccount() != null)
                .sorted(Comparator.comparing(Payment::requestedAt))
                .toList();
    }

    /** The latest payment of every order (a scan: the console page only), oldest first. */
    public List<Payment> latestPayments() {
        return byOrder.values().stream()
                .sorted(Comparator.comparing(Payment::requestedAt))
                .toList();
    }

    // ---- expiry and reset
    // --------------------------------------------------------------------------------------------

    /** Expires every payment whose window or confirm deadline has passed; returns how many. */
    public int expireDue() {
        Instant now = clock.instant();
        int expired = 0;
        for (Payment payment : byKey.values()) {
            Payment.Status status = payment.status();
            if (status == Payment.Status.READY || status == Payment.Status.IN_PROGRESS) {
                if (withLock(payment, () -> expireIfDue(payment, now))) {
                    expired++;
                }
            }
        }
        return expired;
    }

    /** Forgets every payment (tests). */
    public void clear() {
        byOrder.clear();
        byKey.clear();
    }

    /** Call with the payment's lock held. */
    private boolean expireIfDue(Payment payment, Instant now) {
        Payment.StatusChanged change =
                payment.expireIfDue(now, properties.readyWindow(), properties.inProgressWindow());
        if (change == null) {
            return false;
        }
        log.info("Order {} expired: {} -> EXPIRED", payment.orderId(), change.from());
        announce(payment, change);
        return true;
    }

    /** Tells the listeners (webhooks) of {@code change}; returns the Payment object. Call with the lock held. */
    Map<String, Object> announce(Payment payment, Payment.StatusChanged change) {
        return announce(payment, change, null);
    }

    /**
     * As {@link #announce(Payment, Payment.StatusChanged)}, the webhooks carrying {@code webhookSecret} instead of the
     * payment's secret when it is not null (tests of a receiver that must refuse it).
     */
    Map<String, Object> announce(Payment payment, Payment.StatusChanged change, String webhookSecret) {
        Map<String, Object> json = json(payment, true);
        Map<String, Object> announced = json;
        if (webhookSecret != null) {
            Map<String, Object> forged = new LinkedHashMap<>(json);
            forged.put("secret", webhookSecret);
            announced = Collections.unmodifiableMap(forged);
        }
        for (PaymentStatusListener listener : listeners) {
            listener.statusChanged(payment.orderId(), change, announced);
        }
        return json;
    }

    /** The Payment object; call with the lock held. */
    Map<String, Object> json(Payment payment, boolean showSecret) {
        return PaymentJson.of(payment, properties.mid(), properties.publicUrl(), clock.instant(), showSecret);
    }

    /** The account a confirm issues: the sandbox's bank, a test number (X + digits), due after the validity. */
    private Payment.VirtualAccount virtualAccount(Payment payment, Instant now) {
        Duration validFor = payment.accountValidFor() != null
                ? payment.accountValidFor()
                : properties.virtualAccount().validFor();
        String customer =
                payment.customerName() == null || payment.customerName().isBlank()
                        ? VirtualAccounts.DEFAULT_CUSTOMER_NAME
                        : payment.customerName();
        return new Payment.VirtualAccount(
                VirtualAccounts.BANK_CODE, RandomKeys.accountNumber(), customer, now.plus(validFor));
    }

    private static void pause(ConfirmBehaviour.Delay delay, String orderId) {
        try {
            Thread.sleep(delay.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestAbandoned(orderId);
        }
    }

    static <T> T withLock(Payment payment, java.util.function.Supplier<T> action) {
        ReentrantLock lock = payment.lock();
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
