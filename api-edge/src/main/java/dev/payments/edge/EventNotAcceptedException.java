package dev.payments.edge;

/** Kafka did not acknowledge an event in time: the request must be answered 503, never 2xx. */
public class EventNotAcceptedException extends RuntimeException {

    public EventNotAcceptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
