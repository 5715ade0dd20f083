package dev.payments.faults.check;

import java.time.Instant;

/**
 * One fault injected during a run: when it began (the process killed or stopped, the faulty sandbox started) and when
 * it ended (the restart or the replacement was issued).
 */
public record FaultWindow(String name, Instant startedAt, Instant endedAt) {}
