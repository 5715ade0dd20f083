/**
 * The pipeline benchmark: orders through Kafka, the worker, PostgreSQL and the PG sandbox, at saturation (a
 * pre-loaded topic), per record (the baseline) and at a fixed arrival rate.
 */
package dev.payments.bench.pipeline;
