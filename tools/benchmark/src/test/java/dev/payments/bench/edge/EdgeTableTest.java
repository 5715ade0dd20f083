package dev.payments.bench.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edge's markdown table: one row per endpoint and concurrency, latencies in ms, requests/s as a share of noop. */
class EdgeTableTest {

    static WrkFigures figures(double rps, long p99Micros, long statusErrors, long socketErrors) {
        return new WrkFigures(
                (long) (rps * 25),
                Duration.ofSeconds(25),
                rps,
                statusErrors,
                socketErrors,
                1_234,
                5_000,
                p99Micros,
                30_500,
                101_000);
    }

    @Test
    void printsOneRowPerEndpointWithItsShareOfNoop() {
        List<EdgeFigures> rows = List.of(
                new EdgeFigures(EdgeEndpoint.NOOP, 16, figures(8000, 9_000, 0, 0), 1.0),
                new EdgeFigures(EdgeEndpoint.ISSUANCE, 16, figures(2000, 21_400, 2, 1), 0.25),
                new EdgeFigures(EdgeEndpoint.SUCCESS_REDIRECT, 16, figures(2600, 18_000, 0, 0), 0.325));

        String table = EdgeTable.markdown(rows);

        assertThat(table.lines().toList())
                .containsExactly(
                        "| endpoint | concurrency | requests/s | p50 | p90 | p99 | p99.9 | max | errors | vs noop |",
                        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
                        "| noop (POST /benchmark/noop) | 16 | 8000 | 1.23 ms | 5.00 ms | 9.00 ms | 30.50 ms | 101.00 ms"
                                + " | 0 | 100 % |",
                        "| issuance (POST /api/v1/orders) | 16 | 2000 | 1.23 ms | 5.00 ms | 21.40 ms | 30.50 ms"
                                + " | 101.00 ms | 3 | 25 % |",
                        "| success redirect (GET /pg/success) | 16 | 2600 | 1.23 ms | 5.00 ms | 18.00 ms | 30.50 ms"
                                + " | 101.00 ms | 0 | 33 % |");
    }

    @Test
    void issuanceMeetsItsTargetOnlyWithHalfOfNoopAndAP99Of25MsAtMost() {
        assertThat(new EdgeFigures(EdgeEndpoint.ISSUANCE, 16, figures(4000, 25_000, 0, 0), 0.5).meetsIssuanceTarget())
                .isTrue();
        assertThat(new EdgeFigures(EdgeEndpoint.ISSUANCE, 16, figures(3900, 20_000, 0, 0), 0.49).meetsIssuanceTarget())
                .isFalse();
        assertThat(new EdgeFigures(EdgeEndpoint.ISSUANCE, 16, figures(6000, 25_001, 0, 0), 0.75).meetsIssuanceTarget())
                .isFalse();
    }
}
