/** The PG sandbox: a Toss Payments v1 simulator for local runs, tests and benchmarks; all state in memory. */
package dev.payments.sandbox;
