package dev.payments.worker.reconcile.ledger;

import java.time.Clock;
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

    private final LedgerReconciliation reconciliation;
    private final ReconciliationRuns runs;
    private final ReconciliationProperties settings;
    private final Clock clock;
    /**
     * When the tick now running was due: its window is computed from this, not from a clock read a little early or
     * late.
     */
    private volatile Instant rollingTickDue;

    private volatile Instant dailyTickDue;

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

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addTriggerTask(new TriggerTask(this::rollingTick, context -> {
            rollingTickDue = Window.nextRollingTick(clock.instant(), settings.interval(), settings.settleDelay());
            return rollingTickDue;
        }));
        CronTrigger daily = new CronTrigger(
                "0 %d %d * * *"
                        .formatted(
                                settings.daily().at().getMinute(),
                                settings.daily().at().getHour()),
                settings.zone());
        registrar.addTriggerTask(new TriggerTask(this::dailyTick, context -> {
            dailyTickDue = daily.nextExecution(context);
            return dailyTickDue;
        }));
    }

    void rollingTick() {
        Instant due = rollingTickDue != null ? rollingTickDue : clock.instant();
        if (settings.enabled()) {
            runSafely(
                    RunKind.ROLLING,
                    Window.rolling(due, settings.interval(), settings.window(), settings.settleDelay()));
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
            Instant due = dailyTickDue != null ? dailyTickDue : clock.instant();
            runSafely(RunKind.DAILY, Window.previousDay(due, settings.zone()));
        }
    }

    private void runSafely(RunKind kind, Window window) {
        try {
            reconciliation.run(kind, window);
        } catch (RuntimeException e) {
            log.warn("The {} reconciliation of {} to {} failed: {}", kind, window.start(), window.end(), e.toString());
        }
    }
}
