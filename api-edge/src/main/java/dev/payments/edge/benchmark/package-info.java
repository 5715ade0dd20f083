/**
 * What the edge's benchmark compares against: a do-nothing endpoint, off unless
 * {@code payments.edge.benchmark.noop-endpoint=true}.
 */
package dev.payments.edge.benchmark;
