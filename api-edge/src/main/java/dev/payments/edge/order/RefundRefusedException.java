package dev.payments.edge.order;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refund request the edge refuses before writing anything: an unknown order (404), or what the edge can already see
 * the worker would refuse (409). A 409 problem carries the worker's refusal code as {@code code}, so that a shop handles
 * an early refusal like the worker's {@code FAILED} refund record.
 */
class RefundRefusedException extends ErrorResponseException {

    static final String NOT_REFUNDABLE = "NOT_REFUNDABLE";
    static final String CONFLICTING_REFUND = "CONFLICTING_REFUND";
    static final String REFUND_EXCEEDS_BALANCE = "REFUND_EXCEEDS_BALANCE";

    private RefundRefusedException(HttpStatus status, ProblemDetail problem) {
        super(status, problem, null);
    }

    static RefundRefusedException unknownOrder(String orderId) {
        return new RefundRefusedException(
                HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND, "No order " + orderId + " is known; nothing was accepted."));
    }

    static RefundRefusedException notComplete(String orderId, String status) {
        return conflict(
                NOT_REFUNDABLE,
                "Order " + orderId + " is " + status
                        + ": only a COMPLETE order can be refunded; nothing was accepted.");
    }

    static RefundRefusedException otherBody(String orderId, String refundId) {
        return conflict(
                CONFLICTING_REFUND,
                "Refund " + refundId + " of order " + orderId + " was already requested with another amount or"
                        + " reason; nothing was accepted.");
    }

    static RefundRefusedException exceedsBalance(String orderId, long amount, long balance) {
        return conflict(
                REFUND_EXCEEDS_BALANCE,
                "A refund of " + amount + " exceeds order " + orderId + "'s refundable balance of " + balance
                        + " (its amount minus what was and is being refunded); nothing was accepted.");
    }

    static RefundRefusedException nothingLeft(String orderId) {
        return conflict(
                REFUND_EXCEEDS_BALANCE,
                "Order " + orderId + " has no refundable balance left (everything was or is being refunded);"
                        + " nothing was accepted.");
    }

    private static RefundRefusedException conflict(String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setProperty("code", code);
        return new RefundRefusedException(HttpStatus.CONFLICT, problem);
    }
}
