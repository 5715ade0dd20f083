package dev.payments.worker.pg;
public interface ConfirmationRequests { void enqueue(String orderId, String paymentKey, long amount); }
