package dev.payments.bench.edge;

/**
 * One endpoint at one concurrency, with its requests/s as a share of the do-nothing endpoint's at that concurrency.
 *
 * @param vsNoop requests/s divided by the noop endpoint's (1.0 for the noop endpoint itself)
 */
public record EdgeFigures(EdgeEndpoint endpoint, int concurrency, WrkFigures wrk, double vsNoop) {

    /** The target for issuance: at least half the noop endpoint's requests/s, p99 at most 25 ms. */
    public static final double TARGET_SHARE_OF_NOOP = 0.5;

    public static final long TARGET_P99_MICROS = 25_000;

    public boolean meetsIssuanceTarget() {
        return vsNoop >= TARGET_SHARE_OF_NOOP && wrk.p99Micros() <= TARGET_P99_MICROS;
    }
}
