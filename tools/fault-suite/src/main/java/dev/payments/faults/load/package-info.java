/** The load: orders through the real edge and the PG sandbox with a mix of outcomes and attacks, and the oracle. */
package dev.payments.faults.load;
