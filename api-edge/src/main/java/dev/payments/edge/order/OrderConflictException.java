package dev.payments.edge.order;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An order with that id already exists with a different amount, currency, orderName or token; answered 409. */
class OrderConflictException extends ErrorResponseException {

    OrderConflictException(String orderId) {
        super(
                HttpStatus.CONFLICT,
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.CONFLICT,
                        "Order " + orderId + " was already issued with a different amount, currency, orderName or"
                                + " token; nothing was accepted."),
                null);
    }
}
