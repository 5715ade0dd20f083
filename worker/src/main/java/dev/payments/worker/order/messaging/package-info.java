/**
 * The Kafka adapter of the order-events consumer: the batch listener, the topics the worker creates, the consumer's
 * threads, offset commits and error handler.
 */
package dev.payments.worker.order.messaging;
