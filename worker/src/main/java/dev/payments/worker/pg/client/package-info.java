/**
 * The PG's HTTP API (Toss Payments v1: confirm, cancel, payment look-ups, the transactions list) and the worker's PG
 * settings.
 */
package dev.payments.worker.pg.client;
