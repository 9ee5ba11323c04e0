package com.cyclefleet.launcher;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.infer.Translator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench fleet}'s engine-alone side: a warm-up, then the measured window, of back-to-back batches; whole batches
 * run until the window has elapsed, and an image's latency is its batch's time.
 */
final class EngineWindow {

    private final Translator translator;
    private final int batch;
    private final Duration warmup;
    private final Duration window;

    EngineWindow(Translator translator, int batch, Duration warmup, Duration window) {
        this.translator = translator;
        this.batch = batch;
        this.warmup = warmup;
        this.window = window;
    }

    BenchResult run(int size, List<byte[]> pngs) {
        List<FloatImage> decoded = new ArrayList<>();
        for (byte[] p : pngs) {
            decoded.add(ImageCodec.decode(p, "bench image"));
        }
        ImageCycle<FloatImage> cycle = new ImageCycle<>(decoded);
        runBatches(cycle, warmup);
        long start = System.nanoTime();
        List<Double> batchMs = runBatches(cycle, window);
        double windowMs = (System.nanoTime() - start) / 1e6;
        double[] latencies = new double[batchMs.size() * batch];
        for (int b = 0; b < batchMs.size(); b++) {
            // every image of a batch is ready when the batch is
            Arrays.fill(latencies, b * batch, (b + 1) * batch, batchMs.get(b));
        }
        return new BenchResult("engine", size, latencies.length, windowMs, latencies);
    }

    /** Whole batches back to back until {@code duration} has elapsed (the last one ends after it); their ms each. */
    private List<Double> runBatches(ImageCycle<FloatImage> cycle, Duration duration) {
        List<Double> batchMs = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            List<FloatImage> images = cycle.next(batch);
            long b0 = System.nanoTime();
            translator.translate(images);
            batchMs.add((System.nanoTime() - b0) / 1e6);
        }
        return batchMs;
    }
}
