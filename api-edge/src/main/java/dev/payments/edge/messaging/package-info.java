/** Writing events to Kafka with bounded waits, and the broker's health. */
package dev.payments.edge.messaging;
