/** The fault suite: the system as separate OS processes, under load and faults, checked against its invariants. */
package dev.payments.faults;
