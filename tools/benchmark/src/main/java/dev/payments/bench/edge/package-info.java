/**
 * The edge alone under {@code wrk}: requests/s and latency of issuance and the PG's success redirect next to a
 * do-nothing endpoint of the same application, measured in the same run.
 */
package dev.payments.bench.edge;
