/**
 * The order aggregate and its state machine: plain Java, no Spring, JPA or Kafka. {@link
 * dev.payments.worker.order.OrderStateMachine#decide} is the one place where an event changes an order.
 */
package dev.payments.worker.order;
