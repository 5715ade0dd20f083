/** Payments as Toss keeps them: the aggregate and its state machine, the in-memory store, expiry and the ledger. */
package dev.payments.sandbox.payment;
