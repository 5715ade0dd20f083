package dev.payments.worker.order.processing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Events that arrive before their order ({@code payments.park-ttl}, {@code payments.park-sweep-interval}).
 *
 * @param parkTtl how long an early event waits for its order's issuance before it is rejected UNKNOWN_ORDER
 * @param parkSweepInterval pause between two sweeps for events that waited longer
 */
@ConfigurationProperties("payments")
public record ParkingProperties(
        @DefaultValue("10m") Duration parkTtl,
        @DefaultValue("15s") Duration parkSweepInterval) {

    public ParkingProperties {
        if (parkTtl == null || parkTtl.isNegative() || parkTtl.isZero()) {
            throw new IllegalArgumentException("payments.park-ttl must be a positive duration");
        }
        if (parkSweepInterval == null || parkSweepInterval.isNegative() || parkSweepInterval.isZero()) {
            throw new IllegalArgumentException("payments.park-sweep-interval must be a positive duration");
        }
    }
}
