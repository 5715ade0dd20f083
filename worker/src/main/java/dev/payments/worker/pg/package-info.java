/**
 * The PG side of the worker, off the ordered consumer path: {@code client} talks to the PG, {@code confirm} and
 * {@code status} are the two job kinds, {@code jobs} the machinery they share. Every answer goes back to the order's
 * partition through the outbox, written with the job's DONE mark; only the partition's consumer decides.
 */
package dev.payments.worker.pg;
