package dev.payments.worker.reconcile.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.config.TriggerTask;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Starts the scheduled runs: the rolling run on the {@code interval} grid (each tick {@code settle-delay} after a grid
 * point, reconciling the {@code window} that ends on it), and, at {@code daily.at} in {@code zone}, the run over the
 * previous day and the deletion of runs older than {@code keep}. Every instance ticks; the claim of a window makes it
 * run once. A run that fails is stored FAILED and taken over on a later tick; nothing a run throws stops the ticks.
 */
@Component
class ReconciliationScheduler implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationScheduler.class);

    /**
     * How early a tick may fire and still take its own window (a clock step, the executor's rounding): windows are
     * computed from the clock this much ahead. Far shorter than any interval worth configuring.
     */
    private static final Duration EARLY_TICK = Duration.ofSeconds(1);

    private final LedgerReconciliation reconciliation;
    private final ReconciliationRuns runs;
    private final ReconciliationProperties settings;
    private final Clock clock;

    ReconciliationScheduler(
            LedgerReconciliation reconciliation,
            ReconciliationRuns runs,
            ReconciliationProperties settings,
            Clock clock) {
        this.reconciliation = reconciliation;
        this.runs = runs;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Trigger tasks: with virtual threads on (worker.yml), Spring's scheduler runs each of their executions on a thread
     * of its own, so a long run holds up neither the other tick nor the worker's sweeps (fixed-delay tasks, which share
     * one scheduler thread).
     */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addTriggerTask(new TriggerTask(
                this::rollingTick,
                context -> Window.nextRollingTick(clock.instant(), settings.interval(), settings.settleDelay())));
        registrar.addTriggerTask(new TriggerTask(
                this::dailyTick,
                new CronTrigger(
                        "0 %d %d * * *"
                                .formatted(
                                        settings.daily().at().getMinute(),
                                        settings.daily().at().getHour()),
                        settings.zone())));
    }

    void rollingTick() {
        if (settings.enabled()) {
            runSafely(
                    RunKind.ROLLING,
                    Window.rolling(tickTime(), settings.interval(), settings.window(), settings.settleDelay()));
        }
    }

    void dailyTick() {
        try {
            int deleted = runs.deleteOlderThan(settings.keep());
            if (deleted > 0) {
                log.info("Deleted {} reconciliation runs older than {}", deleted, settings.keep());
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete old reconciliation runs, will retry tomorrow: {}", e.toString());
        }
        if (settings.enabled() && settings.daily().enabled()) {
            runSafely(RunKind.DAILY, Window.previousDay(tickTime(), settings.zone()));
        }
    }

    /** The time a tick is taken to run at: now, or the moment it was due when it fires a little early. */
    private Instant tickTime() {
        Duration ahead = EARLY_TICK.compareTo(settings.interval().dividedBy(10)) < 0
                ? EARLY_TICK
                : settings.interval().dividedBy(10);
        return clock.instant().plus(ahead);
    }

    private void runSafely(RunKind kind, Window window) {
        try {
            reconciliation.run(kind, window);
        } catch (RuntimeException e) {
            log.warn("The {} reconciliation of {} to {} failed: {}", kind, window.start(), window.end(), e.toString());
        }
    }
}
