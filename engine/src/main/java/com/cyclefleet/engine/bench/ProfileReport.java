package com.cyclefleet.engine.bench;

import com.cyclefleet.engine.nn.LayerProfiler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints where the time of the profiled runs went, per layer application and per layer kind, per run. */
final class ProfileReport {
    private static final int TOP = 30;
    private static final double NANOS_PER_MS = 1e6;

    private ProfileReport() {
    }

    private static double totalNanos(LayerProfiler.Entry e) {
        return e.forwardNanos() + e.backwardNanos();
    }

    /** @param runs how many iterations or inference calls the profiler saw; @param wallMs their total time */
    static void print(PrintStream out, String title, LayerProfiler p, int runs, double wallMs) {
        List<LayerProfiler.Entry> entries = new ArrayList<>(p.entries().values());
        entries.sort(Comparator.comparingDouble(ProfileReport::totalNanos).reversed());
        double layersMs = entries.stream().mapToDouble(ProfileReport::totalNanos).sum() / NANOS_PER_MS / runs;
        double perRunMs = wallMs / runs;
        out.printf(Locale.ROOT, "%nprofile %s: %.1f ms per run, %.1f ms in layers, %.1f ms outside layers "
                + "(losses, optimiser, pools, residual adds, memory reclaiming)%n", title, perRunMs, layersMs,
                perRunMs - layersMs);
        out.printf(Locale.ROOT, "  %-34s %-20s %6s %9s %9s %7s %8s%n", "layer", "input", "calls", "fwd ms", "bwd ms",
                "share", "fwd GF/s");
        int shown = 0;
        for (LayerProfiler.Entry e : entries) {
            if (shown++ == TOP) {
                break;
            }
            double fwdMs = e.forwardNanos() / NANOS_PER_MS / runs;
            double bwdMs = e.backwardNanos() / NANOS_PER_MS / runs;
            double gflops = e.forwardNanos() == 0 ? 0 : e.forwardFlops() / (double) e.forwardNanos();
            out.printf(Locale.ROOT, "  %-34s %-20s %6d %9.2f %9.2f %6.1f%% %8.1f%n", e.layer(), e.input(),
                    e.calls() / runs, fwdMs, bwdMs, 100 * (fwdMs + bwdMs) / perRunMs, gflops);
        }
        Map<String, double[]> byKind = new LinkedHashMap<>();
        for (LayerProfiler.Entry e : entries) {
            String kind = e.layer().split(" ")[0];
            double[] t = byKind.computeIfAbsent(kind, k -> new double[2]);
            t[0] += e.forwardNanos() / NANOS_PER_MS / runs;
            t[1] += e.backwardNanos() / NANOS_PER_MS / runs;
        }
        out.printf(Locale.ROOT, "  by kind:%n");
        byKind.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue()[0] + y.getValue()[1],
                x.getValue()[0] + x.getValue()[1])).forEach(en -> out.printf(Locale.ROOT,
                "  %-20s fwd %9.2f ms  bwd %9.2f ms  %5.1f%%%n", en.getKey(), en.getValue()[0], en.getValue()[1],
                100 * (en.getValue()[0] + en.getValue()[1]) / perRunMs));
    }
}
