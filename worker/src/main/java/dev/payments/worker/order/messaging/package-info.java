/** Kafka side of the order-events consumer: decoding and validating records, the listener, topics. */
package dev.payments.worker.order.messaging;
