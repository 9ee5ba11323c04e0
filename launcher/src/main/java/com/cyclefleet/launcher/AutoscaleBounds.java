package com.cyclefleet.launcher;

import com.cyclefleet.launcher.scale.FleetPool;
import com.cyclefleet.launcher.scale.WorkerPool;
import com.cyclefleet.protocol.scaling.ScalingPolicy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --autoscale MIN..MAX}: the translate pool runs MIN..MAX workers, the train pool 0..MAX (it keeps its scale to
 * zero); everything else comes from {@link ScalingPolicy}.
 */
record AutoscaleBounds(int min, int max) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,4})\\.\\.(\\d{1,4})");

    AutoscaleBounds {
        if (min < 0 || max < 1 || min > max || max > ScalingPolicy.TRANSLATE.maxWorkers()) {
            throw new IllegalArgumentException("--autoscale needs 0 <= MIN <= MAX, 1 <= MAX <= "
                    + ScalingPolicy.TRANSLATE.maxWorkers() + " (the task topics' partitions), was " + min + ".." + max);
        }
    }

    static AutoscaleBounds parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--autoscale takes MIN..MAX (e.g. 1..2), was '" + text + "'");
        }
        return new AutoscaleBounds(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The policies with these bounds, each with a pool of the fleet's worker processes of its role. */
    Map<ScalingPolicy, WorkerPool> pools(LocalFleet fleet) {
        Map<ScalingPolicy, WorkerPool> pools = new LinkedHashMap<>();
        for (ScalingPolicy p : ScalingPolicy.defaults()) {
            ScalingPolicy bounded = p.withBounds(min, max);
            pools.put(bounded, new FleetPool(fleet, bounded.role()));
        }
        return pools;
    }

    @Override
    public String toString() {
        return "translate " + min + ".." + max + ", train 0.." + max;
    }
}
