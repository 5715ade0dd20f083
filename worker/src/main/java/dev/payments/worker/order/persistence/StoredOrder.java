package dev.payments.worker.order.persistence;

import dev.payments.worker.order.Order;

/**
 * An order as this transaction read it: the snapshot and the row's version, which fences the update (a consumer left
 * over from a rebalance that read an older version cannot overwrite a newer state).
 */
public record StoredOrder(Order order, long version) {}
