package dev.payments.edge.flood;

import dev.payments.edge.RawHttp;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One measured run against a running edge: a genuine client (127.0.0.1) sends signed webhooks and valid success
 * redirects at a steady pace while, optionally, a flooder (127.0.0.2) sends forged webhooks (signed with a guessed
 * secret: 401 unless 429) and forged redirects (a made-up, over-long token: 400 unless 429) from several threads as fast
 * as it can. Both are separate clients to the
 * edge because they connect from different addresses, exactly as the PG and an attacker would.
 */
final class FloodRun {

    static final InetAddress GENUINE = address("127.0.0.1");
    static final InetAddress FLOODER = address("127.0.0.2");

    static final String TRANSMISSION_ID = "tosspayments-webhook-transmission-id";
    static final String TRANSMISSION_TIME = "tosspayments-webhook-transmission-time";
    static final String SIGNATURE = "tosspayments-webhook-signature";
    private static final DateTimeFormatter TRANSMISSION_TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    /** What a run measured. */
    record Figures(
            int genuineSent,
            int genuineAccepted,
            List<String> genuineOrderIds,
            Map<Integer, Integer> genuineStatuses,
            long p50Micros,
            long p99Micros,
            long maxMicros,
            long floodSent,
            Map<Integer, Long> floodStatuses,
            Duration floodDuration) {

        double genuineAcceptedPercent() {
            return genuineSent == 0 ? 0 : 100.0 * genuineAccepted / genuineSent;
        }

        long flood429() {
            return floodStatuses.getOrDefault(429, 0L);
        }

        double floodPerSecond() {
            return floodDuration.isZero() ? 0 : floodSent * 1000.0 / floodDuration.toMillis();
        }

        double flood429Percent() {
            return floodSent == 0 ? 0 : 100.0 * flood429() / floodSent;
        }
    }

    private final RawHttp http;
    private final String webhookSecret;

    FloodRun(int port, String webhookSecret) {
        this.http = new RawHttp(port);
        this.webhookSecret = webhookSecret;
    }

    /**
     * @param genuineCount how many genuine requests (alternately a signed webhook and a success redirect)
     * @param interval the pace of the genuine client
     * @param floodThreads how many threads flood at once; 0 for a run without a flood
     */
    Figures run(int genuineCount, Duration interval, int floodThreads) throws InterruptedException {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean flooding = new AtomicBoolean(floodThreads > 0);
        LongAdder floodSent = new LongAdder();
        Map<Integer, LongAdder> floodStatuses = new ConcurrentHashMap<>();
        CountDownLatch floodersDone = new CountDownLatch(floodThreads);
        long floodStart = System.nanoTime();
        for (int t = 0; t < floodThreads; t++) {
            int thread = t;
            Thread.ofVirtual().name("flooder-" + t).start(() -> {
                try {
                    for (long i = 0; flooding.get(); i++) {
                        int status = forged(runId + "-" + thread + "-" + i, i % 2 == 0);
                        floodSent.increment();
                        floodStatuses
                                .computeIfAbsent(status, s -> new LongAdder())
                                .increment();
                    }
                } finally {
                    floodersDone.countDown();
                }
            });
        }

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> genuineStatuses = new ConcurrentHashMap<>();
        List<String> orderIds = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        CountDownLatch genuineDone = new CountDownLatch(genuineCount);
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        ScheduledFuture<?> schedule = pace.scheduleAtFixedRate(
                () -> {
                    int i = sent.getAndIncrement();
                    if (i >= genuineCount) {
                        return;
                    }
                    String orderId = "genuine-" + runId + "-" + i;
                    boolean webhook = i % 2 == 0;
                    long start = System.nanoTime();
                    int status = genuine(orderId, webhook);
                    latencies.add((System.nanoTime() - start) / 1_000);
                    genuineStatuses.merge(status, 1, Integer::sum);
                    if (status == (webhook ? 200 : 303)) {
                        accepted.incrementAndGet();
                        orderIds.add(orderId);
                    }
                    genuineDone.countDown();
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
        genuineDone.await();
        schedule.cancel(false);
        pace.shutdown();
        flooding.set(false);
        floodersDone.await();
        Duration floodDuration = floodThreads > 0 ? Duration.ofNanos(System.nanoTime() - floodStart) : Duration.ZERO;

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Map<Integer, Long> flood = new TreeMap<>();
        floodStatuses.forEach((status, count) -> flood.put(status, count.sum()));
        return new Figures(
                genuineCount,
                accepted.get(),
                List.copyOf(orderIds),
                new TreeMap<>(genuineStatuses),
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted.isEmpty() ? 0 : sorted.getLast(),
                floodSent.sum(),
                flood,
                floodDuration);
    }

    /** A genuine callback: a webhook signed with the shared secret, or the PG's success redirect. */
    private int genuine(String orderId, boolean webhook) {
        if (webhook) {
            byte[] body = webhookBody(orderId);
            return http.send("POST", "/pg/webhooks", signedWebhookHeaders(body, webhookSecret), body, GENUINE)
                    .status();
        }
        String target = "/pg/success?orderId=" + orderId + "&token=tok_" + orderId + "&paymentKey=pk_" + orderId
                + "&amount=15000";
        return http.send("GET", target, List.of(), new byte[0], GENUINE).status();
    }

    /** A forged callback: a webhook signed with a guessed secret, or a redirect with a made-up, over-long token. */
    private int forged(String n, boolean webhook) {
        String orderId = "flood-" + n;
        if (webhook) {
            byte[] body = webhookBody(orderId);
            return http.send("POST", "/pg/webhooks", signedWebhookHeaders(body, "guessed-secret"), body, FLOODER)
                    .status();
        }
        String target = "/pg/success?orderId=" + orderId + "&token=" + "forged".repeat(100) + "&paymentKey=pk_" + n
                + "&amount=1";
        return http.send("GET", target, List.of(), new byte[0], FLOODER).status();
    }

    static byte[] webhookBody(String orderId) {
        return ("{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"createdAt\":\"2024-02-13T12:18:14.000000\",\"data\":"
                        + "{\"paymentKey\":\"pk_" + orderId + "\",\"orderId\":\"" + orderId + "\",\"status\":\"DONE\","
                        + "\"totalAmount\":15000,\"approvedAt\":\"2024-02-13T12:18:10+09:00\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The headers of a webhook signed with {@code secret} just now. */
    private static List<String[]> signedWebhookHeaders(byte[] body, String secret) {
        String time = TRANSMISSION_TIME_FORMAT.format(Instant.now().atOffset(ZoneOffset.ofHours(9)));
        return List.of(
                new String[] {"Content-Type", "application/json"},
                new String[] {"Content-Length", Integer.toString(body.length)},
                new String[] {
                    TRANSMISSION_ID, "wh_" + UUID.randomUUID().toString().replace("-", "")
                },
                new String[] {TRANSMISSION_TIME, time},
                new String[] {SIGNATURE, sign(secret, body, time)});
    }

    private static String sign(String secret, byte[] body, String time) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(body);
            return "v1:"
                    + Base64.getEncoder().encodeToString(mac.doFinal((":" + time).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
