package com.cyclefleet.launcher.scale;

import com.cyclefleet.protocol.scaling.ScalingPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * One pool's decisions under its {@link ScalingPolicy}, as the HPA behind a KEDA ScaledObject takes them: a rise at
 * once; a fall to the highest count the lag asked for over the last cooldown, so a short lull does not stop a worker
 * that the next burst needs. Pure: the caller reads the lag and applies the decision.
 */
public final class PoolScaler {

    private record Recommendation(Instant at, int workers) {
    }

    private final ScalingPolicy policy;
    private final Deque<Recommendation> window = new ArrayDeque<>();
    /** The first reading: no fall before a whole cooldown has been watched, so a start-up does not stop workers. */
    private Instant watchedSince;

    public PoolScaler(ScalingPolicy policy) {
        this.policy = policy;
    }

    public ScalingPolicy policy() {
        return policy;
    }

    /** What to do with {@code current} workers given this lag reading; empty: keep them. */
    public Optional<Decision> next(Instant now, GroupLag lag, int current) {
        int desired = policy.desired(lag.lag(), lag.partitionsWithLag());
        window.addLast(new Recommendation(now, desired));
        if (watchedSince == null) {
            watchedSince = now;
        }
        Instant since = now.minus(policy.cooldown());
        while (window.peekFirst().at().isBefore(since)) {
            window.removeFirst();
        }
        String asked = "lag " + lag.lag() + " over " + lag.partitionsWithLag() + " partition(s) asks for " + desired
                + " (threshold " + policy.lagThreshold() + " per worker"
                + (policy.limitToPartitionsWithLag() ? ", at most one per partition with lag" : "") + ", bounds "
                + policy.minWorkers() + ".." + policy.maxWorkers() + ")";
        if (desired > current) {
            // desired is at least the minimum, so a pool below it (at start, or after a worker died) is refilled
            boolean refill = desired == policy.minWorkers();
            return Optional.of(new Decision(policy.pool(), current, desired, lag.lag(),
                    (refill ? "below the minimum " + policy.minWorkers() + "; " : "scale up: ") + asked, now));
        }
        int highest = window.stream().mapToInt(Recommendation::workers).max().orElse(desired);
        boolean fullWindow = !watchedSince.isAfter(since);
        if (highest < current && fullWindow) {
            return Optional.of(new Decision(policy.pool(), current, highest, lag.lag(), "scale down: " + asked
                    + ", and no reading asked for more than " + highest + " in the last " + seconds(policy.cooldown()),
                    now));
        }
        return Optional.empty();
    }

    /**
     * The pool has {@code workers} since {@code at}, once a decision is applied. Starting a worker takes seconds with
     * no readings meanwhile; counting the new size as a reading keeps a scale-up from being undone before a whole
     * cooldown has passed since it took effect.
     */
    public void applied(Instant at, int workers) {
        window.addLast(new Recommendation(at, workers));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
