/**
 * Benchmarks of the whole pipeline and of the edge, run as a program ({@code ./benchmark.sh}) that prints a table.
 */
package dev.payments.bench;
