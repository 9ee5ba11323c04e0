package com.cyclefleet.launcher;

import java.time.Duration;

/**
 * How long the supervisor waits before restarting a child that died: {@code initial} the first time, doubling on
 * each further death up to {@code max}, and back to {@code initial} once the child has run for {@code stableAfter}
 * (a child that crashes at once must not restart in a tight loop; one that ran fine for a while and then died once
 * should come back quickly).
 *
 * @param initial     the first delay
 * @param max         the longest delay
 * @param stableAfter a child that ran this long since its last restart counts as healthy again
 */
public record RestartBackoff(Duration initial, Duration max, Duration stableAfter) {

    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_STABLE_AFTER = Duration.ofMinutes(2);

    public RestartBackoff {
        if (initial == null || initial.isNegative() || max == null || max.compareTo(initial) < 0
                || stableAfter == null || stableAfter.isNegative()) {
            throw new IllegalArgumentException("restart backoff needs 0 <= initial <= max and stableAfter >= 0, was "
                    + initial + ", " + max + ", " + stableAfter);
        }
    }

    /** 1 s, doubling to 30 s, reset after 2 minutes of running. */
    public static RestartBackoff defaults() {
        return new RestartBackoff(DEFAULT_INITIAL, DEFAULT_MAX, DEFAULT_STABLE_AFTER);
    }

    /**
     * The delay before the next restart.
     *
     * @param previous the delay used before the last restart, null if there was none
     * @param ranFor   how long the child ran since it was last (re)started
     */
    public Duration next(Duration previous, Duration ranFor) {
        if (previous == null || ranFor.compareTo(stableAfter) >= 0) {
            return initial;
        }
        Duration doubled = previous.isZero() ? initial : previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
