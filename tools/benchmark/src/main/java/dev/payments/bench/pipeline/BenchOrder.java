package dev.payments.bench.pipeline;

/** One order of a benchmark run: its buyer's token and the payment the sandbox opened for it. */
record BenchOrder(String orderId, long amount, String token, String paymentKey) {}
