/** Kafka health for /actuator/health: UP only while the brokers answer. Import {@link KafkaHealthConfiguration}. */
package dev.payments.support.kafka;
