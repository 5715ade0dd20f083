/** The system as OS processes: Kafka, PostgreSQL, the PG sandbox, the edge and workers, started, killed, restarted. */
package dev.payments.faults.stack;
