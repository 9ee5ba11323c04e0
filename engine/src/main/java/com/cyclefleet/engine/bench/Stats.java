package com.cyclefleet.engine.bench;

import java.util.Arrays;

/** Robust summaries of repeated timings: shared machines make single runs and means unreliable. */
final class Stats {
    private Stats() {
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }
}
