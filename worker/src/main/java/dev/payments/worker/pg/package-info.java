/**
 * The PG side of the worker, off the ordered consumer path: {@code client} talks to the PG; {@code confirm},
 * {@code status}, {@code refund} and {@code deposit} (the cancel of a virtual account past its deadline) are the job
 * kinds, {@code jobs} the machinery they share. Every answer goes back to the order's
 * partition through the outbox, written with the job's DONE mark; only the partition's consumer decides.
 */
package dev.payments.worker.pg;
