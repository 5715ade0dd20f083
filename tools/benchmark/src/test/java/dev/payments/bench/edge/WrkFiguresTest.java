package dev.payments.bench.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading the line {@code report.lua} prints out of wrk's whole output. */
class WrkFiguresTest {

    static final String LINE = "EDGE_WRK requests=61234 duration_us=25003120 rps=2449.1 status_errors=3"
            + " connect_errors=1 read_errors=2 write_errors=0 timeouts=4 p50_us=5120 p90_us=9870 p99_us=21034"
            + " p999_us=40211 max_us=120532";

    /** wrk's own summary around the report line, as it prints them. */
    static final String OUTPUT = """
            Running 25s test @ http://localhost:40123
              2 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     6.21ms    4.10ms 120.53ms   91.02%
                Req/Sec     1.23k   150.11     1.60k    70.00%
              61234 requests in 25.00s, 20.12MB read
              Non-2xx or 3xx responses: 3
            Requests/sec:   2449.10
            Transfer/sec:    823.99KB
            """ + LINE + "\n";

    @Test
    void readsEveryFigureOfTheReportLine() {
        WrkFigures figures = WrkFigures.parse(OUTPUT);

        assertThat(figures.requests()).isEqualTo(61234);
        assertThat(figures.duration()).isEqualTo(Duration.ofNanos(25_003_120_000L));
        assertThat(figures.requestsPerSecond()).isEqualTo(2449.1);
        assertThat(figures.statusErrors()).isEqualTo(3);
        assertThat(figures.socketErrors()).isEqualTo(7);
        assertThat(figures.errors()).isEqualTo(10);
        assertThat(figures.successes()).isEqualTo(61231);
        assertThat(figures.p50Micros()).isEqualTo(5120);
        assertThat(figures.p90Micros()).isEqualTo(9870);
        assertThat(figures.p99Micros()).isEqualTo(21034);
        assertThat(figures.p999Micros()).isEqualTo(40211);
        assertThat(figures.maxMicros()).isEqualTo(120532);
    }

    @Test
    void refusesOutputWithoutTheReportLine() {
        assertThatThrownBy(() -> WrkFigures.parse("Running 25s test @ http://localhost:1\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no EDGE_WRK line");
    }

    @Test
    void refusesALineWithAFigureMissing() {
        assertThatThrownBy(() -> WrkFigures.parse(LINE.replace(" p999_us=40211", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no p999_us");
    }

    @Test
    void refusesAFigureThatIsNotANumber() {
        assertThatThrownBy(() -> WrkFigures.parse(LINE.replace("requests=61234", "requests=nan")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requests is not a whole number");
    }

    @Test
    void refusesTwoReportLines() {
        assertThatThrownBy(() -> WrkFigures.parse(LINE + "\n" + LINE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than one");
    }
}
