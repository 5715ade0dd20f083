-- Appended to every endpoint script by EdgeBenchmark: one machine-readable line at the end of a wrk run.
-- Times are microseconds. status_errors are answers >= 400 (wrk's own count); the socket errors are separate.
function done(summary, latency, requests)
  local seconds = summary.duration / 1000000
  io.write(string.format(
    "EDGE_WRK requests=%d duration_us=%d rps=%.1f status_errors=%d connect_errors=%d read_errors=%d"
      .. " write_errors=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.requests / seconds, summary.errors.status,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max))
end
