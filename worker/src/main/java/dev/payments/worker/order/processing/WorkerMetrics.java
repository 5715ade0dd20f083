package dev.payments.worker.order.processing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** The worker's business metrics. Call only after the transaction that made the change committed. */
@Component
public class WorkerMetrics {

    private final MeterRegistry meters;

    WorkerMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void eventRecorded(String type, String result, String reason) {
        Counter.builder("payments.worker.events")
                .description("Order events read, by type, result and reason (OTHER: a code outside the known set)")
                .tag("type", type)
                .tag("result", result)
                .tag("reason", MetricReasons.tag(reason))
                .register(meters)
                .increment();
    }

    void transition(String from, String to) {
        Counter.builder("payments.worker.transitions")
                .description("Order state transitions applied")
                .tag("from", from)
                .tag("to", to)
                .register(meters)
                .increment();
    }

    void lateEvent(String type, String status) {
        Counter.builder("payments.worker.late_events")
                .description("Events that contradicted an order's terminal state: an operator must look")
                .tag("type", type)
                .tag("status", status)
                .register(meters)
                .increment();
    }

    /**
     * Money the PG moved against an order's state (docs/contract.md §2): zero in every normal run. The confirm
     * dispatcher counts the anomalies it finds in the PG's answers on the same meter.
     */
    void moneyAnomaly(String reason) {
        Counter.builder("payments.worker.money_anomalies")
                .description("Money the PG moved in a way the order does not account for, by reason: an operator must"
                        + " look at each")
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    void unauthenticatedEvent(String type) {
        Counter.builder("payments.worker.unauthenticated_events")
                .description("Events claiming the PG's word or a worker's decision without a valid worker proof:"
                        + " someone other than a worker wrote them; an operator must look")
                .tag("type", type)
                .register(meters)
                .increment();
    }

    void eventIdReused(String type) {
        Counter.builder("payments.worker.event_id_reused")
                .description("Events whose id an applied event with other content had claimed; refused")
                .tag("type", type)
                .register(meters)
                .increment();
    }

    void deadLettered(String kind) {
        Counter.builder("payments.worker.dead_letters")
                .description("Records sent to the dead-letter topic, by failure kind")
                .tag("kind", kind)
                .register(meters)
                .increment();
    }
}
