package com.cyclefleet.engine.bench;

import com.cyclefleet.engine.infer.Translator;
import com.cyclefleet.engine.nn.LayerProfiler;
import com.cyclefleet.engine.train.NativeMemory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The engine benchmark of issue 3: per config, median ms per training iteration (batch 1) and per inference image
 * (batch 1 and 8), achieved convolution GFLOP/s against the gemm peak of the same run, peak RSS and threads.
 * Results go to a JSON sink one record per measurement; human-readable text goes to the log.
 */
public final class EngineBench {
    public static final int INFER_BATCH_LARGE = 8;
    private static final int WARMUP = 2;
    /** The convention: a backward pass costs twice its forward, so an iteration is 3x its forward FLOPs. */
    private static final int TRAIN_FLOPS_PER_FORWARD = 3;
    private static final double NANOS_PER_MS = 1e6;
    private static final double MB = 1024.0 * 1024.0;
    private static final Path LOADAVG = Path.of("/proc/loadavg");

    /** @param iterations timed repetitions per measurement; @param profile also time every layer */
    public record Options(int iterations, boolean profile) {
        public Options {
            if (iterations < 1) {
                throw new IllegalArgumentException("--iterations must be >= 1, got " + iterations);
            }
        }
    }

    private final Consumer<Map<String, Object>> results;
    private final PrintStream log;
    private double gemmPeak;
    private int threads;

    public EngineBench(Consumer<Map<String, Object>> results, PrintStream log) {
        this.results = results;
        this.log = log;
    }

    public void run(List<BenchConfig> configs, Options o) {
        threads = NativeThreads.current();
        gemmPeak = GemmPeak.measure();
        log.printf(Locale.ROOT, "threads %d, gemm %d^2 float32 peak %.1f GFLOP/s, load %.2f%n", threads,
                GemmPeak.SIZE, gemmPeak, loadAverage());
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("bench", "gemm");
        g.put("threads", threads);
        g.put("size", GemmPeak.SIZE);
        g.put("gflops", round(gemmPeak));
        results.accept(g);
        for (BenchConfig c : configs) {
            log.printf(Locale.ROOT, "%nconfig %s: %s%n", c.name(), c.describe());
            TrainingHarness h = new TrainingHarness(c);
            train(c, h, o);
            Translator t = new Translator(h.model().gA());
            infer(c, t, 1, o);
            infer(c, t, INFER_BATCH_LARGE, o);
        }
    }

    private void train(BenchConfig c, TrainingHarness h, Options o) {
        LayerProfiler counter = new LayerProfiler().attach();
        try {
            h.step();
        } finally {
            LayerProfiler.detach();
        }
        long flops = TRAIN_FLOPS_PER_FORWARD * counter.totalForwardFlops();
        for (int i = 1; i < WARMUP; i++) {
            h.step();
        }
        LayerProfiler profiler = o.profile() ? new LayerProfiler().attach() : null;
        double[] ms = new double[o.iterations()];
        double[] reclaimMs = new double[o.iterations()];
        long rssAfterFirst = 0;
        try {
            for (int i = 0; i < ms.length; i++) {
                long start = System.nanoTime();
                h.step();
                ms[i] = (System.nanoTime() - start) / NANOS_PER_MS;
                reclaimMs[i] = h.lastReclaimNanos() / NANOS_PER_MS;
                if (i == 0) {
                    rssAfterFirst = NativeMemory.residentBytes();
                }
            }
        } finally {
            LayerProfiler.detach();
        }
        long rssLast = NativeMemory.residentBytes();
        double median = Stats.median(ms);
        double gflops = flops / (median * NANOS_PER_MS);
        Map<String, Object> r = record("train", c, 1, ms, median, gflops);
        r.put("reclaim_ms_median", round(Stats.median(reclaimMs)));
        r.put("rss_after_first_mb", round(rssAfterFirst / MB));
        r.put("rss_last_mb", round(rssLast / MB));
        results.accept(r);
        log.printf(Locale.ROOT, "train  batch 1: %8.1f ms/iteration (min %.1f), %.1f GFLOP/s "
                        + "(%.0f%% of gemm), GC %.1f ms, RSS %.0f -> %.0f MB, peak %.0f MB%n", median, Stats.min(ms),
                gflops, 100 * gflops / gemmPeak,
                Stats.median(reclaimMs), rssAfterFirst / MB, rssLast / MB, NativeMemory.peakResidentBytes() / MB);
        if (profiler != null) {
            ProfileReport.print(log, "train " + c.name(), profiler, ms.length, sum(ms));
        }
    }

    private void infer(BenchConfig c, Translator t, int batch, Options o) {
        INDArray x = TrainingHarness.image(batch, c.size());
        LayerProfiler counter = new LayerProfiler().attach();
        try {
            t.translate(x);
        } finally {
            LayerProfiler.detach();
        }
        long flopsPerImage = counter.totalForwardFlops() / batch;
        for (int i = 1; i < WARMUP; i++) {
            t.translate(x);
        }
        LayerProfiler profiler = o.profile() ? new LayerProfiler().attach() : null;
        double[] ms = new double[o.iterations()];
        try {
            for (int i = 0; i < ms.length; i++) {
                // outside the timing: a server would not collect per image, but the buffers must go somewhere
                System.gc();
                long start = System.nanoTime();
                t.translate(x);
                ms[i] = (System.nanoTime() - start) / NANOS_PER_MS / batch;
            }
        } finally {
            LayerProfiler.detach();
        }
        double median = Stats.median(ms);
        double gflops = flopsPerImage / (median * NANOS_PER_MS);
        results.accept(record("infer", c, batch, ms, median, gflops));
        log.printf(Locale.ROOT, "infer  batch %d: %8.1f ms/image     (min %.1f), %.1f GFLOP/s (%.0f%% of gemm)%n", batch,
                median, Stats.min(ms), gflops, 100 * gflops / gemmPeak);
        if (profiler != null) {
            ProfileReport.print(log, "infer " + c.name() + " batch " + batch, profiler, ms.length, sum(ms) * batch);
        }
    }

    private Map<String, Object> record(String bench, BenchConfig c, int batch, double[] ms, double median,
                                       double gflops) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bench", bench);
        r.put("config", c.name());
        r.put("threads", threads);
        r.put("batch", batch);
        r.put("iterations", ms.length);
        r.put("ms_median", round(median));
        r.put("ms_min", round(Stats.min(ms)));
        r.put("gflops", round(gflops));
        r.put("gemm_peak_gflops", round(gemmPeak));
        r.put("gemm_fraction", round(gflops / gemmPeak));
        r.put("peak_rss_mb", round(NativeMemory.peakResidentBytes() / MB));
        r.put("load1", loadAverage());
        return r;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** One-minute load average: the machine is shared, so every figure carries the load it was measured under. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(LOADAVG).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
