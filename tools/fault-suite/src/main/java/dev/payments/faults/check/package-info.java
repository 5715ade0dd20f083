/** After a run: what PostgreSQL, the topics and the PG's ledger say, against the invariants and the load's oracle. */
package dev.payments.faults.check;
