package com.cyclefleet.coordinator.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a worker counts as alive: its last sign of life (a heartbeat, or the chunk start it announced) is at most
 * {@code timeout} old by {@code clock}. Timestamps are the workers' own (the envelope's), so this assumes the fleet's
 * clocks agree to well within the timeout, as NTP keeps them.
 *
 * @param clock   the coordinator's clock
 * @param timeout how long after its last heartbeat a worker counts as gone
 */
public record WorkerLiveness(Clock clock, Duration timeout) {

    public WorkerLiveness {
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("heartbeat timeout must be positive, was " + timeout);
        }
    }

    /** True when {@code lastSign} is recent enough. */
    public boolean alive(Instant lastSign) {
        return !lastSign.plus(timeout).isBefore(clock.instant());
    }
}
