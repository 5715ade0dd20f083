package dev.payments.bench.edge;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one wrk run measured, as printed by the {@code done()} function of {@code report.lua}: one line starting with
 * {@value #MARKER}, then {@code key=value} pairs. Latencies are microseconds.
 *
 * @param statusErrors answers with a status of 400 or more (wrk counts no other status as an error)
 * @param socketErrors connect, read and write errors and timeouts together
 */
public record WrkFigures(
        long requests,
        Duration duration,
        double requestsPerSecond,
        long statusErrors,
        long socketErrors,
        long p50Micros,
        long p90Micros,
        long p99Micros,
        long p999Micros,
        long maxMicros) {

    static final String MARKER = "EDGE_WRK";

    private static final List<String> KEYS = List.of(
            "requests",
            "duration_us",
            "rps",
            "status_errors",
            "connect_errors",
            "read_errors",
            "write_errors",
            "timeouts",
            "p50_us",
            "p90_us",
            "p99_us",
            "p999_us",
            "max_us");

    /** Answers below 400: for issuance each a 202, for the redirect each a 303, and each an event in Kafka. */
    public long successes() {
        return requests - statusErrors;
    }

    /** Every request that did not get an answer below 400. */
    public long errors() {
        return statusErrors + socketErrors;
    }

    /** Reads the {@value #MARKER} line out of wrk's whole standard output. */
    public static WrkFigures parse(String wrkOutput) {
        String line = wrkOutput
                .lines()
                .filter(l -> l.startsWith(MARKER + " "))
                .reduce((first, second) -> {
                    throw new IllegalArgumentException("wrk printed more than one " + MARKER + " line");
                })
                .orElseThrow(() -> new IllegalArgumentException(
                        "wrk printed no " + MARKER + " line (was the report script appended?):\n" + wrkOutput));
        Map<String, String> values = new HashMap<>();
        for (String pair : line.substring(MARKER.length()).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not key=value: '" + pair + "' in " + line);
            }
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        for (String key : KEYS) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("no " + key + " in " + line);
            }
        }
        return new WrkFigures(
                whole(values, "requests"),
                Duration.ofNanos(whole(values, "duration_us") * 1000),
                Double.parseDouble(values.get("rps")),
                whole(values, "status_errors"),
                whole(values, "connect_errors")
                        + whole(values, "read_errors")
                        + whole(values, "write_errors")
                        + whole(values, "timeouts"),
                whole(values, "p50_us"),
                whole(values, "p90_us"),
                whole(values, "p99_us"),
                whole(values, "p999_us"),
                whole(values, "max_us"));
    }

    private static long whole(Map<String, String> values, String key) {
        try {
            return Long.parseLong(values.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a whole number: " + values.get(key), e);
        }
    }
}
