package dev.payments.bench.edge;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time (user and system) a process and its descendants have used so far. On a shared, loaded machine the
 * requests/s move with the neighbours' load; CPU time per request moves much less, so the benchmark prints both.
 */
final class CpuTime {

    private CpuTime() {}

    static Duration of(Optional<ProcessHandle> process) {
        return process.map(CpuTime::of).orElse(Duration.ZERO);
    }

    static Duration of(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants())
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** Microseconds of CPU per request, with one decimal. */
    static double microsPerRequest(Duration cpu, long requests) {
        return requests == 0 ? 0 : cpu.toNanos() / 1000.0 / requests;
    }
}
