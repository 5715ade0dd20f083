/** The public contract: Kafka topic names, the CloudEvents envelope and the data record of every event type. */
package dev.payments.schemas;
