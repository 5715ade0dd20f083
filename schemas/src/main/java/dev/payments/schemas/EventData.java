package dev.payments.schemas;

/** The {@code data} of an event. Every event is about exactly one order. */
public sealed interface EventData
        permits OrderIssued,
                CheckoutStarted,
                PgResult,
                PgConfirmation,
                PgStatus,
                OrderExpire,
                OrderCompleted,
                OrderAnomaly,
                RefundRequested,
                PgRefund,
                RefundCompleted,
                OrderAwaitingDeposit {

    String orderId();
}
