package dev.payments.sandbox.payment;

import java.time.Duration;

/**
 * Opening a payment window for an order (the SDK's requestPayment).
 *
 * @param paymentKey a paymentKey to use (automation API only), or null to generate one
 * @param successUrl where the window sends the buyer on success (null for headless sessions)
 * @param failUrl where the window sends the buyer on failure (null for headless sessions)
 * @param behaviour how confirms of this payment are answered (null: approve)
 * @param method the method the shop asked for (null: none; the window then preselects a card)
 * @param accountValidFor how long a virtual account issued for it stays open (null: the configured default)
 */
public record OpenSession(
        String orderId,
        String orderName,
        long amount,
        String customerName,
        String customerEmail,
        String successUrl,
        String failUrl,
        String paymentKey,
        ConfirmBehaviour behaviour,
        Method method,
        Duration accountValidFor) {}
