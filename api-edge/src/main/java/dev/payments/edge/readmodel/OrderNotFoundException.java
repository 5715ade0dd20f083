package dev.payments.edge.readmodel;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No order (or refund) with that id is visible to the caller; answered 404. */
class OrderNotFoundException extends ErrorResponseException {

    OrderNotFoundException(String orderId) {
        this(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No order " + orderId + " is known."));
    }

    private OrderNotFoundException(ProblemDetail problem) {
        super(HttpStatus.NOT_FOUND, problem, null);
    }

    static OrderNotFoundException refund(String orderId, String refundId) {
        return new OrderNotFoundException(ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "No refund " + refundId + " of order " + orderId + " is known."));
    }
}
