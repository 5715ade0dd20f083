package dev.payments.edge.readmodel;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No order with that id is visible to the caller; answered 404. */
class OrderNotFoundException extends ErrorResponseException {

    OrderNotFoundException(String orderId) {
        super(
                HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No order " + orderId + " is known."),
                null);
    }
}
