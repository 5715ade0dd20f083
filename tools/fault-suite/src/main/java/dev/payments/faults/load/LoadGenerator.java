package dev.payments.faults.load;

import static org.awaitility.Awaitility.await;

import dev.payments.schemas.CheckoutStarted;
import dev.payments.schemas.CloudEvent;
import dev.payments.schemas.EventData;
import dev.payments.schemas.EventIds;
import dev.payments.schemas.EventSources;
import dev.payments.schemas.OrderExpire;
import dev.payments.schemas.OrderIssued;
import dev.payments.schemas.PgConfirmation;
import dev.payments.schemas.PgPaymentStatus;
import dev.payments.schemas.PgResult;
import dev.payments.schemas.PgStatus;
import dev.payments.schemas.RefundRequested;
import dev.payments.schemas.TokenHash;
import dev.payments.schemas.Topics;
import dev.payments.schemas.WorkerEventProof;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drives orders through the real edge and the PG sandbox, as shops, buyers' browsers, the PG and attackers would, with
 * the issue's mix ({@link OrderKind}), plus shop orders written straight to Kafka. The shop's producer also writes the
 * forged worker-internal events of {@link OrderKind#FORGED_EVENTS} and half of the refund requests (the other half go
 * through the edge); the PG approves the payments of {@link OrderKind#APPROVED_AFTER_CANCEL} behind our back (the
 * sandbox's automation API), both once the order's end is seen. The buyer of a virtual-account order transfers into the
 * account (the sandbox's deposit) once the edge shows the order awaiting it, and the bank reverses some deposits once
 * the order is COMPLETE. The drift kinds ({@link OrderKind#drift()}) have the PG move money with the payment's webhooks
 * dropped (the sandbox's drift automation): an approval behind our back of an order expired at our side, a cancel in
 * the PG's console, an unannounced deposit. At most {@code concurrency} orders
 * are in flight (virtual threads behind a semaphore; what follows an order's end is outside that limit). Every call the system cannot take right now is sent again (see
 * {@link Http}). What was sent and what is expected is kept per order ({@link PlannedOrder}) for the checker.
 */
public final class LoadGenerator {

    /**
     * @param prefix every orderId starts with it (the checker selects a run's orders by it)
     * @param orders orders through the edge
     * @param shopOrders orders a shop's producer writes straight to Kafka
     * @param concurrency orders in flight at once
     * @param pgFaults when true, 10 % of paid orders have a confirm the PG answers after 4 s (past the worker's 3 s read
     *     timeout) and 5 % one the PG never answers the first time; of the payments refunded or given back, 20 % have
     *     their first two cancels answered 500, 20 % every cancel answered after 4 s and 15 % their first cancel never
     *     answered
     * @param refundOrdersPerKind at most this many orders of each refund kind, of {@link
     *     OrderKind#APPROVED_AFTER_CANCEL} and of each drift kind; the others of their share are the same orders without what follows their end
     *     ({@link OrderKind#withoutRefunds()})
     * @param seed the mix and amounts are a function of it
     */
    public record Settings(
            String prefix,
            int orders,
            int shopOrders,
            int concurrency,
            boolean pgFaults,
            int refundOrdersPerKind,
            long seed) {}

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();
    private static final DateTimeFormatter TOSS_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS+09:00").withZone(ZoneOffset.ofHours(9));
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** How long the shop waits to see an order end before it asks for a refund (a worker may be down meanwhile). */
    private static final Duration END_PATIENCE = Duration.ofMinutes(5);
    /** How soon a shop's order of {@link OrderKind#APPROVED_AFTER_EXPIRY} expires. */
    private static final Duration EXPIRING_IN = Duration.ofSeconds(3);

    private static final Set<String> TERMINAL = Set.of("COMPLETE", "FAIL", "CANCEL");
    private static final String AWAITING_DEPOSIT = "AWAITING_DEPOSIT";
    private static final Set<String> AWAITING_OR_ENDED = Set.of(AWAITING_DEPOSIT, "COMPLETE", "FAIL", "CANCEL");

    private final String edgeUrl;
    private final String sandboxUrl;
    private final String merchantKey;
    private final String pgSecretKey;
    private final String bootstrapServers;
    private final Settings settings;
    private final Http http = new Http(PATIENCE);
    private final List<PlannedOrder> plan;
    private final AtomicInteger finished = new AtomicInteger();
    private final Random random;

    public LoadGenerator(
            String edgeUrl,
            String sandboxUrl,
            String bootstrapServers,
            String merchantKey,
            String pgSecretKey,
            Settings settings) {
        this.edgeUrl = edgeUrl;
        this.sandboxUrl = sandboxUrl;
        this.bootstrapServers = bootstrapServers;
        this.merchantKey = merchantKey;
        this.pgSecretKey = pgSecretKey;
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.plan = plan();
    }

    /** Every order of this load, edge orders first, in the order they are started. */
    public List<PlannedOrder> orders() {
        return plan;
    }

    /** Orders whose calls are all made (or given up). */
    public int finished() {
        return finished.get();
    }

    /** Calls sent again because the system could not take them. */
    public long retries() {
        return http.retries();
    }

    /** Runs the whole load in the background; the future completes when every order has been driven. */
    public CompletableFuture<Void> start() {
        return CompletableFuture.runAsync(this::run, Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Waits (polling) until at least {@code fraction} of the orders are finished, or the load ended. */
    public void awaitProgress(double fraction, CompletableFuture<Void> load) {
        int target = (int) Math.ceil(plan.size() * fraction);
        await().atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> finished.get() >= target || load.isDone());
    }

    private void run() {
        Semaphore inFlight = new Semaphore(settings.concurrency());
        try (KafkaProducer<byte[], byte[]> producer = producer();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PlannedOrder order : plan) {
                inFlight.acquireUninterruptibly();
                threads.submit(() -> {
                    boolean driven = false;
                    try {
                        drive(order, producer);
                        driven = true;
                    } catch (RuntimeException e) {
                        order.failed(e.getMessage());
                    } finally {
                        order.finished(Instant.now());
                        finished.incrementAndGet();
                        inFlight.release();
                    }
                    // out of the in-flight limit: waiting for an order's end behind a fault must not hold up the load
                    if (driven) {
                        try {
                            afterTheEnd(order, producer);
                        } catch (RuntimeException e) {
                            order.failed(e.getMessage());
                        }
                    }
                });
            }
        }
    }

    private List<PlannedOrder> plan() {
        List<OrderKind> mix = new ArrayList<>();
        for (OrderKind kind : OrderKind.values()) {
            mix.addAll(Collections.nCopies(kind.weight(), kind));
        }
        Collections.shuffle(mix, random);
        List<PlannedOrder> orders = new ArrayList<>();
        Map<OrderKind, Integer> counts = new EnumMap<>(OrderKind.class);
        for (int i = 0; i < settings.orders(); i++) {
            OrderKind kind = mix.get(i % mix.size());
            if (kind != kind.withoutRefunds() && counts.merge(kind, 1, Integer::sum) > settings.refundOrdersPerKind()) {
                kind = kind.withoutRefunds();
            }
            orders.add(new PlannedOrder(orderId(i), kind, amount()));
        }
        for (int i = 0; i < settings.shopOrders(); i++) {
            orders.add(new PlannedOrder(orderId(settings.orders() + i), OrderKind.SHOP, amount()));
        }
        // shop orders run interleaved with the edge's, not after them
        Collections.shuffle(orders, random);
        return List.copyOf(orders);
    }

    private String orderId(int i) {
        return "%s-%06d".formatted(settings.prefix(), i);
    }

    private long amount() {
        return 1_000 + 100L * random.nextInt(1_000);
    }

    private void drive(PlannedOrder order, KafkaProducer<byte[], byte[]> producer) {
        if (order.kind() == OrderKind.SHOP) {
            driveShopOrder(order, producer);
            return;
        }
        if (order.kind() == OrderKind.APPROVED_AFTER_EXPIRY) {
            driveExpiringShopOrder(order, producer);
            return;
        }
        JsonNode issued = json(
                http.send(post(
                        edgeUrl + "/api/v1/orders",
                        JSON.createObjectNode()
                                .put("orderId", order.orderId())
                                .put("amount", order.amount())
                                .put("currency", "KRW")
                                .put("orderName", "Fault suite order")
                                .toString(),
                        Map.of("Authorization", "Bearer " + merchantKey))),
                202);
        String token = issued.get("csrfToken").asString();
        String successUrl = issued.get("pg").get("successUrl").asString();
        String failUrl = issued.get("pg").get("failUrl").asString();
        expect(
                http.send(post(
                        edgeUrl + "/api/v1/orders/" + order.orderId() + "/checkout",
                        JSON.createObjectNode().put("csrfToken", token).toString(),
                        Map.of())),
                202);
        if (order.kind() == OrderKind.FORGED_EVENTS) {
            forgeInternalEvents(order, producer);
        }
        String outcome =
                switch (order.kind()) {
                    case DECLINE, REFUND_OF_FAILED -> "DECLINE";
                    case CANCEL, APPROVED_AFTER_CANCEL -> "CANCEL";
                    default -> "PAY";
                };
        JsonNode session = session(order, outcome, successUrl, failUrl);
        String redirect = session.get("redirectUrl").asString();
        if (outcome.equals("PAY") || order.kind() == OrderKind.APPROVED_AFTER_CANCEL) {
            order.paymentKey(session.get("paymentKey").asString());
        }
        if (order.kind().drift() != null) {
            // from the start, so that no webhook of the payment (the approval's) has the worker look it up meanwhile:
            // what the PG does later reaches the worker only through the reconciliation
            dropWebhooks(order);
        }
        switch (order.kind()) {
            case PAY,
                    DECLINE,
                    CANCEL,
                    FORGED_EVENTS,
                    REFUND_PART,
                    REFUND_IN_TWO,
                    REFUND_TWICE,
                    REFUND_CONCURRENT,
                    REFUND_OF_FAILED,
                    APPROVED_AFTER_CANCEL,
                    CONSOLE_CANCEL,
                    VA_DEPOSIT,
                    VA_DEPOSIT_TWICE,
                    VA_DEPOSIT_UNANNOUNCED,
                    VA_EXPIRE,
                    VA_RACE,
                    VA_REVERSED -> browserComesBack(redirect);
            case DUPLICATE -> {
                for (int i = 0; i < 3; i++) {
                    browserComesBack(redirect);
                }
                webhookThreeTimes(order);
            }
            case FORGED -> {
                String encoded = URLEncoder.encode(token, StandardCharsets.UTF_8);
                String forgedToken = forgedLike(token);
                browserComesBack(redirect.replace(
                        "token=" + encoded, "token=" + URLEncoder.encode(forgedToken, StandardCharsets.UTF_8)));
                browserComesBack(redirect);
            }
            case TAMPERED ->
                browserComesBack(
                        redirect.replace("amount=" + order.amount() + "&", "amount=" + (order.amount() + 1_000) + "&"));
            case SHOP, APPROVED_AFTER_EXPIRY -> throw new IllegalStateException("not an edge order");
        }
    }

    /**
     * What the shop, the buyer and the PG do once the order has ended, or awaits its deposit: the refunds, the approval
     * behind our back, the transfer into a virtual account and its reversal.
     */
    private void afterTheEnd(PlannedOrder order, KafkaProducer<byte[], byte[]> producer) {
        if (order.kind().virtualAccount()) {
            payIntoVirtualAccount(order);
        } else if (order.kind().refunds()) {
            awaitEnd(order);
            cancelFault(order);
            askForRefunds(order, producer);
        } else if (order.kind() == OrderKind.APPROVED_AFTER_CANCEL) {
            awaitEnd(order);
            cancelFault(order);
            approveBehindOurBack(order);
        } else if (order.kind() == OrderKind.APPROVED_AFTER_EXPIRY) {
            awaitEnd(order);
            cancelFault(order);
            approveUnannounced(order);
        } else if (order.kind() == OrderKind.CONSOLE_CANCEL) {
            awaitEnd(order);
            cancelInTheConsole(order);
        }
    }

    /**
     * Waits, as a shop polling its order would, until the edge shows the order ended as the oracle expects: refunds are
     * asked for, payments approved behind our back and deposits reversed, only once the order's end is seen.
     */
    private void awaitEnd(PlannedOrder order) {
        String status = awaitOrder(order, TERMINAL, Duration.ofMillis(300))
                .path("status")
                .asString();
        if (!status.equals(order.kind().expectedStatus())) {
            throw new IllegalStateException(
                    "the order ended " + status + ", not " + order.kind().expectedStatus());
        }
    }

    /** Polls the edge's read of the order until its status is one of {@code statuses}; the order as last read. */
    private JsonNode awaitOrder(PlannedOrder order, Set<String> statuses, Duration pollInterval) {
        AtomicReference<JsonNode> read = new AtomicReference<>();
        try {
            await().atMost(END_PATIENCE)
                    .pollInSameThread()
                    .pollInterval(pollInterval)
                    .until(() -> {
                        HttpResponse<String> response = http.send(
                                HttpRequest.newBuilder(URI.create(edgeUrl + "/api/v1/orders/" + order.orderId()))
                                        .header("Authorization", "Bearer " + merchantKey)
                                        .timeout(Duration.ofSeconds(15))
                                        .GET()
                                        .build());
                        if (response.statusCode() == 200) {
                            read.set(JSON.readTree(response.body()));
                        }
                        return read.get() != null
                                && statuses.contains(read.get().path("status").asString(""));
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "the order was not %s within %s (last seen %s)"
                            .formatted(
                                    statuses,
                                    END_PATIENCE,
                                    read.get() == null
                                            ? null
                                            : read.get().path("status").asString(null)),
                    e);
        }
        return read.get();
    }

    /**
     * The shop's refunds of the order, by kind (see {@link OrderKind}), all through the edge or all from the shop's
     * producer (alternating between orders), so that two refunds of one order reach the worker in the order they were
     * sent.
     */
    private void askForRefunds(PlannedOrder order, KafkaProducer<byte[], byte[]> producer) {
        PlannedOrder.Channel channel = Math.floorMod(order.orderId().hashCode() / 2, 2) == 0
                ? PlannedOrder.Channel.EDGE
                : PlannedOrder.Channel.KAFKA;
        long amount = order.amount();
        switch (order.kind()) {
            case REFUND_PART -> refund(order, producer, channel, "part", amount * 3 / 10, "fault suite: part", 1);
            case REFUND_IN_TWO -> {
                refund(order, producer, channel, "first", amount * 4 / 10, "fault suite: first part", 1);
                refund(order, producer, channel, "rest", null, "fault suite: the rest", 1);
            }
            case REFUND_TWICE -> refund(order, producer, channel, "whole", null, "fault suite: sent twice", 2);
            case REFUND_CONCURRENT -> {
                try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> sent = new ArrayList<>();
                    for (String refundId : List.of("one", "other")) {
                        sent.add(both.submit(() -> refund(
                                order, producer, channel, refundId, amount * 6 / 10, "fault suite: concurrent", 1)));
                    }
                    for (Future<?> f : sent) {
                        f.get();
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            case REFUND_OF_FAILED -> refund(order, producer, channel, "failed", null, "fault suite: failed order", 1);
            default -> throw new IllegalStateException(order.kind() + " asks for no refund");
        }
    }

    /**
     * Asks for one refund, {@code times} times with the same refundId and body. Through the edge, a 409 is the edge's
     * early refusal (it wrote nothing) and is kept with its code; through Kafka, each time is one record under the
     * refund's CloudEvents id.
     */
    private void refund(
            PlannedOrder order,
            KafkaProducer<byte[], byte[]> producer,
            PlannedOrder.Channel channel,
            String refundId,
            Long amount,
            String reason,
            int times) {
        String refusedEarly = null;
        for (int i = 0; i < times; i++) {
            if (channel == PlannedOrder.Channel.KAFKA) {
                CloudEvent<RefundRequested> event = CloudEvent.of(
                        EventIds.refundRequested(order.orderId(), refundId),
                        "/fault-suite-shop",
                        Instant.now(),
                        new RefundRequested(order.orderId(), refundId, amount, reason));
                send(producer, order.orderId(), JSON.writeValueAsBytes(event));
                continue;
            }
            ObjectNode body = JSON.createObjectNode().put("refundId", refundId).put("reason", reason);
            if (amount != null) {
                body.put("amount", amount);
            }
            HttpResponse<String> response = http.send(post(
                    edgeUrl + "/api/v1/orders/" + order.orderId() + "/refunds",
                    body.toString(),
                    Map.of("Authorization", "Bearer " + merchantKey)));
            if (response.statusCode() == 409) {
                refusedEarly = JSON.readTree(response.body()).path("code").asString("409");
            } else {
                expect(response, 202);
            }
        }
        order.refund(new PlannedOrder.PlannedRefund(refundId, amount, reason, channel, times, refusedEarly));
    }

    /**
     * With the PG's faults on, some payments get a cancel behaviour before they are refunded or given back: their first
     * two cancels answered 500, every cancel answered after 4 s (past the worker's 3 s read timeout; the cancel is
     * made), or their first cancel held without an answer (nothing cancelled).
     */
    private void cancelFault(PlannedOrder order) {
        if (!settings.pgFaults() || order.paymentKey() == null) {
            return;
        }
        int dice = Math.floorMod((order.orderId() + ":cancel").hashCode(), 100);
        ObjectNode behaviour = JSON.createObjectNode();
        if (dice < 20) {
            behaviour.put("behaviour", "FAIL_TIMES").put("times", 2);
        } else if (dice < 40) {
            behaviour.put("behaviour", "DELAY").put("delayMs", 4_000);
        } else if (dice < 55) {
            behaviour.put("behaviour", "NEVER_ANSWER").put("times", 1);
        } else {
            return;
        }
        expect(
                http.send(post(
                        sandboxUrl + "/sandbox/v1/payments/" + order.paymentKey() + "/cancel-behaviour",
                        behaviour.toString(),
                        Map.of())),
                200);
        order.cancelFault(behaviour.toString());
    }

    /**
     * The PG approves the payment of an order that has ended CANCEL (the buyer left the window) behind our back. Its
     * webhook is the worker's only news of it (ended orders are not reconciled with the PG): when the sandbox's fault
     * injection dropped it, the suite delivers it itself, as the PG's next attempt would.
     */
    private void approveBehindOurBack(PlannedOrder order) {
        JsonNode payment = json(
                http.send(post(sandboxUrl + "/sandbox/v1/payments/" + order.paymentKey() + "/approve", "{}", Map.of())),
                200);
        order.approvedBehindBack(true);
        if (ledger(order).path("webhooksDropped").asLong(0) > 0) {
            deliverWebhook(payment, 1);
        }
    }

    /**
     * The PG approves the payment of an order that expired at our side (the buyer left the window) behind our back,
     * with every webhook of the payment dropped first: the worker is told nothing, and the drift is the
     * reconciliation's to find.
     */
    private void approveUnannounced(PlannedOrder order) {
        dropWebhooks(order);
        expect(
                http.send(post(sandboxUrl + "/sandbox/v1/payments/" + order.paymentKey() + "/approve", "{}", Map.of())),
                200);
        order.approvedBehindBack(true);
        order.drifted(true);
    }

    /**
     * An operator cancels the paid order's payment in the PG's console, the whole of it or 40 % (alternating between
     * orders); every webhook of the payment is dropped (since its session). Sent once, never again: a second partial
     * cancel would give back more than the drift the checker expects.
     */
    private void cancelInTheConsole(PlannedOrder order) {
        boolean whole = Math.floorMod((order.orderId() + ":console").hashCode(), 2) == 0;
        ObjectNode body = JSON.createObjectNode().put("cancelReason", "fault suite: cancelled in the PG's console");
        if (!whole) {
            body.put("cancelAmount", order.amount() * 4 / 10);
        }
        JsonNode payment = json(
                http.sendOnce(post(
                        sandboxUrl + "/sandbox/v1/payments/" + order.paymentKey() + "/cancel",
                        body.toString(),
                        Map.of())),
                200);
        JsonNode cancels = payment.path("cancels");
        JsonNode last = cancels.get(cancels.size() - 1);
        order.consoleCancel(new PlannedOrder.ConsoleCancel(
                last.path("cancelAmount").asLong(), last.path("transactionKey").asString(null)));
        order.drifted(true);
    }

    /** From now on the PG sends no webhook of the order's payment (the sandbox's drift automation). */
    private void dropWebhooks(PlannedOrder order) {
        expect(
                http.send(post(
                        sandboxUrl + "/sandbox/v1/payments/" + order.paymentKey() + "/drop-webhooks", "{}", Map.of())),
                200);
    }

    /**
     * The buyer of a virtual-account order, once the edge shows the account (the order AWAITING_DEPOSIT), transfers the
     * amount into it (the sandbox's deposit, as from Toss's developer console), by kind: once; once with every webhook
     * of it sent twice; never; at the account's deadline; once, and then, when the order is COMPLETE, the bank reverses
     * it. An order already ended when first read (its deadline passed first) gets no transfer.
     */
    private void payIntoVirtualAccount(PlannedOrder order) {
        if (order.kind() == OrderKind.VA_EXPIRE) {
            return;
        }
        JsonNode read = awaitOrder(order, AWAITING_OR_ENDED, Duration.ofMillis(500));
        if (!read.path("status").asString().equals(AWAITING_DEPOSIT)) {
            return;
        }
        switch (order.kind()) {
            case VA_DEPOSIT, VA_REVERSED -> deposit(order, false, true);
            case VA_DEPOSIT_TWICE -> deposit(order, true, true);
            case VA_DEPOSIT_UNANNOUNCED -> order.drifted(deposit(order, false, false));
            case VA_RACE -> {
                awaitInstant(atTheDeadline(order, read));
                deposit(order, false, true);
            }
            default -> throw new IllegalStateException(order.kind() + " is not a virtual-account order");
        }
        // the last call up to the order's end: its backlog after a fault is measured from here
        order.finished(Instant.now());
        if (order.kind() == OrderKind.VA_REVERSED) {
            awaitEnd(order);
            reverseDeposit(order);
        }
    }

    /**
     * When the buyer of a {@link OrderKind#VA_RACE} order transfers: from 0.6 s before to 1.2 s after the due date the
     * edge shows (whole seconds; the PG's own is up to a second later), a fixed offset per order, so that the PG takes
     * some transfers and bounces others.
     */
    private static Instant atTheDeadline(PlannedOrder order, JsonNode read) {
        Instant due = instant(read.path("virtualAccount").path("dueDate"));
        return due.plusMillis(Math.floorMod((order.orderId() + ":deposit").hashCode(), 1_800) - 600L);
    }

    /** The edge's time: an ISO-8601 instant or date-time with an offset, or epoch seconds. */
    private static Instant instant(JsonNode time) {
        if (time.isNumber()) {
            return Instant.ofEpochMilli(Math.round(time.asDouble() * 1000));
        }
        String text = time.asString();
        return text.endsWith("Z")
                ? Instant.parse(text)
                : OffsetDateTime.parse(text).toInstant();
    }

    /** Waits until {@code at} (polling the clock; the buyer's own pace, not the system's). */
    private static void awaitInstant(Instant at) {
        Duration wait = Duration.between(Instant.now(), at);
        if (wait.isPositive()) {
            await().atMost(wait.plusSeconds(1))
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> !Instant.now().isBefore(at));
        }
    }

    /**
     * The buyer's transfer into the order's account; {@code twice}: the PG announces it twice. Whether the PG took the
     * money is read from its ledger (a transfer past the due date bounces; a retried call whose first answer was lost
     * finds the account deposited); returned. With {@code announced}, webhooks of it that the sandbox's fault injection
     * dropped are delivered by the suite, as the PG's next attempt would; without, they stay dropped.
     */
    private boolean deposit(PlannedOrder order, boolean twice, boolean announced) {
        JsonNode before = ledger(order);
        HttpResponse<String> response = http.send(post(
                sandboxUrl + "/sandbox/v1/payments/" + order.paymentKey() + "/deposit",
                JSON.createObjectNode().put("twice", twice).toString(),
                Map.of()));
        JsonNode after = ledger(order);
        boolean taken = after.path("deposits").asLong(0) > 0;
        order.depositTaken(taken);
        if (!taken && order.kind() != OrderKind.VA_RACE) {
            expect(response, 200);
        }
        if (response.statusCode() == 200 && announced) {
            deliverDropped(JSON.readTree(response.body()), before, after, twice ? 2 : 1);
        }
        return taken;
    }

    /** The bank reverses the order's deposit; webhooks of it that were dropped are delivered as for a deposit. */
    private void reverseDeposit(PlannedOrder order) {
        JsonNode before = ledger(order);
        JsonNode payment = json(
                http.send(post(
                        sandboxUrl + "/sandbox/v1/payments/" + order.paymentKey() + "/reverse-deposit", "", Map.of())),
                200);
        order.depositReversed(true);
        deliverDropped(payment, before, ledger(order), 1);
    }

    /**
     * Delivers what the sandbox dropped of the {@code times} DEPOSIT_CALLBACKs and PAYMENT_STATUS_CHANGED it should
     * have sent for one change of a virtual account (its ledger before and after the change tells which were queued).
     */
    private void deliverDropped(JsonNode payment, JsonNode before, JsonNode after, int times) {
        long callbacks = after.path("depositCallbacksSent").asLong(0)
                - before.path("depositCallbacksSent").asLong(0);
        long all = after.path("webhooksSent").asLong(0)
                - before.path("webhooksSent").asLong(0);
        Instant now = Instant.now();
        if (callbacks < times) {
            String callback = JSON.createObjectNode()
                    .put("createdAt", createdAt(now))
                    .put("secret", payment.path("secret").asString(null))
                    .put("status", payment.path("status").asString())
                    .put("transactionKey", payment.path("lastTransactionKey").asString(null))
                    .put("orderId", payment.path("orderId").asString())
                    .toString();
            deliver(callback, (int) (times - callbacks), now);
        }
        if (all - callbacks < times) {
            deliverWebhook(payment, (int) (times - (all - callbacks)));
        }
    }

    /** The sandbox's ledger of the order. */
    private JsonNode ledger(PlannedOrder order) {
        return json(
                http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/v1/ledger/" + order.orderId()))
                        .timeout(Duration.ofSeconds(15))
                        .GET()
                        .build()),
                200);
    }

    private JsonNode session(PlannedOrder order, String outcome, String successUrl, String failUrl) {
        ObjectNode body = JSON.createObjectNode()
                .put("orderId", order.orderId())
                .put("amount", order.amount())
                .put("orderName", "Fault suite order")
                .put("outcome", outcome);
        if (successUrl != null) {
            body.put("successUrl", successUrl).put("failUrl", failUrl);
        }
        if (order.kind().virtualAccount()) {
            body.put("method", "가상계좌");
            if (order.kind().accountValidForSeconds() != null) {
                body.put("validForSeconds", order.kind().accountValidForSeconds());
            }
        }
        if (settings.pgFaults() && outcome.equals("PAY")) {
            int dice = Math.floorMod(order.orderId().hashCode(), 100);
            if (dice < 10) {
                body.set(
                        "confirm",
                        JSON.createObjectNode().put("behaviour", "DELAY").put("delayMs", 4_000));
            } else if (dice < 15) {
                body.set(
                        "confirm",
                        JSON.createObjectNode().put("behaviour", "NEVER_ANSWER").put("times", 1));
            }
        }
        return json(http.send(post(sandboxUrl + "/sandbox/v1/sessions", body.toString(), Map.of())), 201);
    }

    private void browserComesBack(String url) {
        expect(
                http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(15))
                        .GET()
                        .build()),
                303);
    }

    /**
     * The PG's PAYMENT_STATUS_CHANGED webhook for the paid order, unsigned as Toss sends it, delivered three times
     * (three transmissions, as a PG that lost track of its deliveries would). Sent once the PG shows the payment DONE,
     * or with whatever status it shows after a minute.
     */
    private void webhookThreeTimes(PlannedOrder order) {
        JsonNode payment = paymentOnceDone(order);
        if (payment != null) {
            deliverWebhook(payment, 3);
        }
    }

    /** The PG's payment of the order once it shows DONE, or as it shows after a minute; null if it never answered. */
    private JsonNode paymentOnceDone(PlannedOrder order) {
        JsonNode[] payment = new JsonNode[1];
        try {
            await().atMost(Duration.ofMinutes(1))
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        HttpResponse<String> response = http.send(
                                HttpRequest.newBuilder(URI.create(sandboxUrl + "/v1/payments/" + order.paymentKey()))
                                        .header("Authorization", basic(pgSecretKey))
                                        .timeout(Duration.ofSeconds(15))
                                        .GET()
                                        .build());
                        if (response.statusCode() == 200) {
                            payment[0] = JSON.readTree(response.body());
                            return payment[0].get("status").asString().equals("DONE");
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException notDoneYet) {
            // deliver what the PG shows now: a webhook for an unfinished payment must change nothing
        }
        return payment[0];
    }

    /** The PG's PAYMENT_STATUS_CHANGED webhook for {@code payment}, unsigned, as {@code times} transmissions. */
    private void deliverWebhook(JsonNode payment, int times) {
        Instant now = Instant.now();
        String body = JSON.createObjectNode()
                .put("eventType", "PAYMENT_STATUS_CHANGED")
                .put("createdAt", createdAt(now))
                .set("data", payment)
                .toString();
        deliver(body, times, now);
    }

    /** A webhook's {@code createdAt}: Korean time without an offset, as Toss writes it. */
    private static String createdAt(Instant at) {
        return TOSS_TIME.format(at).replace("+09:00", "");
    }

    /** One webhook body, unsigned as Toss sends it, as {@code times} transmissions of their own. */
    private void deliver(String body, int times, Instant now) {
        for (int i = 0; i < times; i++) {
            String time = TOSS_TIME.format(now.plusMillis(i));
            expect(
                    http.send(post(
                            edgeUrl + "/pg/webhooks",
                            body,
                            Map.of(
                                    "tosspayments-webhook-transmission-id",
                                    UUID.randomUUID().toString(),
                                    "tosspayments-webhook-transmission-time",
                                    time,
                                    "tosspayments-webhook-transmission-retried-count",
                                    "0"))),
                    200);
        }
    }

    private void driveShopOrder(PlannedOrder order, KafkaProducer<byte[], byte[]> producer) {
        JsonNode session = session(order, "PAY", null, null);
        String paymentKey = session.get("paymentKey").asString();
        order.paymentKey(paymentKey);
        String token = issueAsShop(order, producer, Duration.ofMinutes(30));
        send(producer, new CheckoutStarted(order.orderId(), token));
        send(producer, PgResult.success(order.orderId(), token, PgResult.Channel.REDIRECT, paymentKey, order.amount()));
    }

    private void send(KafkaProducer<byte[], byte[]> producer, EventData data) {
        CloudEvent<EventData> event =
                CloudEvent.of(UUID.randomUUID().toString(), "/fault-suite-shop", Instant.now(), data);
        send(producer, event.subject(), JSON.writeValueAsBytes(event));
    }

    /**
     * A shop's order that expires unpaid: the shop's producer issues it with an expiry {@link #EXPIRING_IN} away (and no
     * checkout, so that the worker never looks its payment up as an order close to its expiry), and the buyer opens the
     * PG's window and leaves it (the payment stays READY). The worker's sweep ends it CANCEL, EXPIRED.
     */
    private void driveExpiringShopOrder(PlannedOrder order, KafkaProducer<byte[], byte[]> producer) {
        order.paymentKey(session(order, "NONE", null, null).get("paymentKey").asString());
        issueAsShop(order, producer, EXPIRING_IN);
    }

    /** The shop's producer issues the order, to expire {@code expiresIn} from now; the order's token. */
    private String issueAsShop(PlannedOrder order, KafkaProducer<byte[], byte[]> producer, Duration expiresIn) {
        String token = "shop-token-" + order.orderId();
        send(
                producer,
                new OrderIssued(
                        order.orderId(),
                        order.amount(),
                        "KRW",
                        "Fault suite shop order",
                        TokenHash.of(token),
                        Instant.now().plus(expiresIn),
                        null,
                        null));
        return token;
    }

    /**
     * What anyone who may write to {@code payments.order-events} (a shop's producer) could send to complete the order
     * without paying, before the buyer pays: the PG's DONE for the order's amount as a worker's look-up, an approved
     * confirmation under the id the worker's own will have and another under a random id, and an expiry. Each carries
     * no worker's proof or a made-up one (alternating between orders); the worker must refuse every one, and the forged
     * confirmation must not claim the id of the genuine one.
     */
    private void forgeInternalEvents(PlannedOrder order, KafkaProducer<byte[], byte[]> producer) {
        String orderId = order.orderId();
        String paymentKey = "tforged" + UUID.randomUUID().toString().replace("-", "");
        OffsetDateTime approvedAt = OffsetDateTime.now(ZoneOffset.UTC);
        boolean madeUpProofFirst = Math.floorMod(orderId.hashCode(), 2) == 0;
        forge(
                producer,
                order,
                EventIds.status(orderId, UUID.randomUUID().toString()),
                new PgStatus(
                        orderId,
                        paymentKey,
                        PgPaymentStatus.DONE.name(),
                        order.amount(),
                        approvedAt,
                        PgStatus.Verification.LOOKUP,
                        null),
                madeUpProofFirst);
        PgConfirmation approved = PgConfirmation.approved(orderId, paymentKey, approvedAt);
        forge(producer, order, EventIds.confirmation(orderId), approved, !madeUpProofFirst);
        forge(producer, order, UUID.randomUUID().toString(), approved, madeUpProofFirst);
        forge(producer, order, EventIds.expire(orderId), new OrderExpire(orderId), !madeUpProofFirst);
    }

    /** Writes one forged event as the worker would write it, with a made-up proof or none, and notes where it landed. */
    private void forge(
            KafkaProducer<byte[], byte[]> producer,
            PlannedOrder order,
            String id,
            EventData data,
            boolean madeUpProof) {
        ObjectNode event = JSON.valueToTree(CloudEvent.of(id, EventSources.WORKER, Instant.now(), data));
        if (madeUpProof) {
            byte[] hmac = new byte[32];
            ThreadLocalRandom.current().nextBytes(hmac);
            event.put(WorkerEventProof.ATTRIBUTE, "v1:" + Base64.getEncoder().encodeToString(hmac));
        }
        RecordMetadata written = send(producer, order.orderId(), JSON.writeValueAsBytes(event));
        order.forged(
                new PlannedOrder.ForgedEvent(id, event.get("type").asString(), written.partition(), written.offset()));
    }

    /** Sends one record keyed by the orderId, patiently (the broker may be restarting); where it was written. */
    private RecordMetadata send(KafkaProducer<byte[], byte[]> producer, String orderId, byte[] value) {
        byte[] key = orderId.getBytes(StandardCharsets.UTF_8);
        AtomicReference<RecordMetadata> written = new AtomicReference<>();
        try {
            await().atMost(PATIENCE)
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> {
                        written.set(producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS, key, value))
                                .get(30, TimeUnit.SECONDS));
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Kafka did not take a shop event within " + PATIENCE, e);
        }
        return written.get();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static HttpRequest post(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return request.build();
    }

    private static JsonNode json(HttpResponse<String> response, int expected) {
        expect(response, expected);
        return JSON.readTree(response.body());
    }

    private static void expect(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException("%s %s answered %d (expected %d): %s"
                    .formatted(
                            response.request().method(),
                            response.request().uri().getPath(),
                            response.statusCode(),
                            expected,
                            response.body()));
        }
    }

    /** A token of the same length and alphabet as the real one, but not it. */
    private static String forgedLike(String token) {
        char first = token.charAt(0) == 'A' ? 'B' : 'A';
        return first + token.substring(1);
    }

    private static String basic(String secretKey) {
        return "Basic " + Base64.getEncoder().encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8));
    }
}
