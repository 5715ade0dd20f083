/** The payment worker. Features live in sub-packages: order (state machine, processing), outbox, pg (confirm). */
package dev.payments.worker;
