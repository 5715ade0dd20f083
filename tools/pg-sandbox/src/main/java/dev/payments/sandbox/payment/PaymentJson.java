package dev.payments.sandbox.payment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Toss Payment object of a payment, as an ordered map (every field present, nulls included, as Toss sends them).
 * The method's own object ({@code card}, {@code virtualAccount}, {@code easyPay}, {@code transfer},
 * {@code mobilePhone}) is filled once the buyer authenticated with that method. Built under the payment's lock: a
 * consistent snapshot.
 */
public final class PaymentJson {

    static final String VERSION = "2022-11-16";
    /** Toss Pay: the easy-pay provider the sandbox pays with. */
    static final String EASY_PAY_PROVIDER = "토스페이";

    private PaymentJson() {}

    /**
     * @param now the sandbox's time (a virtual account's {@code expired})
     * @param showSecret whether {@code secret} is shown (a look-up of a virtual account may hide it)
     */
    static Map<String, Object> of(Payment p, String mid, String publicUrl, Instant now, boolean showSecret) {
        Payment.Status status = p.status();
        Method method = p.authenticatedAt() != null ? p.method() : null;
        long vatBase = p.balanceAmount();
        long vat = Math.round(vatBase / 11.0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mId", mid);
        m.put("lastTransactionKey", p.lastTransactionKey());
        m.put("paymentKey", p.paymentKey());
        m.put("orderId", p.orderId());
        m.put("orderName", p.orderName());
        m.put("taxExemptionAmount", 0);
        m.put("status", status.name());
        m.put("requestedAt", TossTime.format(p.requestedAt()));
        m.put("approvedAt", TossTime.format(p.approvedAt()));
        m.put("useEscrow", false);
        m.put("cultureExpense", false);
        m.put("card", method == Method.CARD ? card(p) : null);
        m.put("virtualAccount", p.virtualAccount() == null ? null : virtualAccount(p, now));
        m.put("transfer", method == Method.TRANSFER ? transfer(p) : null);
        m.put("mobilePhone", method == Method.MOBILE_PHONE ? mobilePhone(p, publicUrl) : null);
        m.put("giftCertificate", null);
        m.put("cashReceipt", null);
        m.put("cashReceipts", null);
        m.put("discount", null);
        m.put("cancels", p.cancels().isEmpty() ? null : cancels(p));
        m.put("secret", showSecret ? p.secret() : null);
        m.put("type", "NORMAL");
        m.put("easyPay", method == Method.EASY_PAY ? easyPay(p) : null);
        m.put("country", "KR");
        m.put("failure", failure(p.failure()));
        m.put("isPartialCancelable", true);
        m.put("receipt", p.isApproved() ? Map.of("url", publicUrl + "/sandbox/receipts/" + p.paymentKey()) : null);
        m.put("checkout", Map.of("url", publicUrl + "/sandbox/checkout/" + p.paymentKey()));
        m.put("currency", "KRW");
        m.put("totalAmount", p.totalAmount());
        m.put("balanceAmount", p.balanceAmount());
        m.put("suppliedAmount", vatBase - vat);
        m.put("vat", vat);
        m.put("taxFreeAmount", 0);
        m.put("method", method == null ? null : method.korean());
        m.put("version", VERSION);
        m.put("metadata", null);
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> card(Payment p) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("issuerCode", "71");
        card.put("acquirerCode", "71");
        card.put("number", "43301234****123*");
        card.put("installmentPlanMonths", 0);
        card.put("isInterestFree", false);
        card.put("interestPayer", null);
        card.put("approveNo", p.approvedAt() == null ? null : "00000000");
        card.put("useCardPoint", false);
        card.put("cardType", "신용");
        card.put("ownerType", "개인");
        card.put("acquireStatus", p.isApproved() ? "READY" : null);
        card.put("amount", p.totalAmount());
        return card;
    }

    private static Map<String, Object> virtualAccount(Payment p, Instant now) {
        Payment.VirtualAccount account = p.virtualAccount();
        Map<String, Object> va = new LinkedHashMap<>();
        va.put("accountType", "일반");
        va.put("accountNumber", account.accountNumber());
        va.put("bankCode", account.bankCode());
        va.put("customerName", account.customerName());
        va.put("depositorName", p.depositorName());
        va.put("dueDate", TossTime.format(account.dueDate()));
        va.put("refundStatus", "NONE");
        va.put("expired", !now.isBefore(account.dueDate()));
        va.put("settlementStatus", "INCOMPLETED");
        va.put("refundReceiveAccount", null);
        return va;
    }

    private static Map<String, Object> easyPay(Payment p) {
        Map<String, Object> easyPay = new LinkedHashMap<>();
        easyPay.put("provider", EASY_PAY_PROVIDER);
        easyPay.put("amount", p.totalAmount());
        easyPay.put("discountAmount", 0);
        return easyPay;
    }

    private static Map<String, Object> transfer(Payment p) {
        Map<String, Object> transfer = new LinkedHashMap<>();
        transfer.put("bankCode", VirtualAccounts.BANK_CODE);
        transfer.put("settlementStatus", "INCOMPLETED");
        return transfer;
    }

    private static Map<String, Object> mobilePhone(Payment p, String publicUrl) {
        Map<String, Object> phone = new LinkedHashMap<>();
        phone.put("customerMobilePhone", "01000000000");
        phone.put("settlementStatus", "INCOMPLETED");
        phone.put("receiptUrl", p.isApproved() ? publicUrl + "/sandbox/receipts/" + p.paymentKey() : null);
        return phone;
    }

    private static List<Map<String, Object>> cancels(Payment p) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Payment.Cancel c : p.cancels()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("transactionKey", c.transactionKey());
            m.put("cancelReason", c.cancelReason());
            m.put("taxExemptionAmount", 0);
            m.put("canceledAt", TossTime.format(c.canceledAt()));
            m.put("easyPayDiscountAmount", 0);
            m.put("receiptKey", c.receiptKey());
            m.put("cancelAmount", c.cancelAmount());
            m.put("taxFreeAmount", 0);
            m.put("refundableAmount", c.refundableAmount());
            m.put("cancelStatus", "DONE");
            m.put("cancelRequestId", null);
            list.add(m);
        }
        return list;
    }

    private static Map<String, Object> failure(Payment.Failure failure) {
        if (failure == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", failure.code());
        m.put("message", failure.message());
        return m;
    }
}
