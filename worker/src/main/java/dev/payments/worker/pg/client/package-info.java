/** The PG's HTTP API (Toss Payments v1: confirm, cancel, payment look-ups) and the worker's PG settings. */
package dev.payments.worker.pg.client;
