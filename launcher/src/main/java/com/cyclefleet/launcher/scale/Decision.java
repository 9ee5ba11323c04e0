package com.cyclefleet.launcher.scale;

import java.time.Instant;

/**
 * A change of a pool's size and why.
 *
 * @param pool   the pool ({@code ScalingPolicy#pool})
 * @param from   workers before
 * @param to     workers after
 * @param lag    the lag it was made on
 * @param reason the rule that fired, with its numbers
 * @param at     when
 */
public record Decision(String pool, int from, int to, long lag, String reason, Instant at) {

    /** One line for the console: {@code 17:20:01 scale translate 1 -> 2: lag 600 asks for 2 ...}. */
    public String line() {
        return at + " scale " + pool + " " + from + " -> " + to + " (lag " + lag + "): " + reason;
    }
}
