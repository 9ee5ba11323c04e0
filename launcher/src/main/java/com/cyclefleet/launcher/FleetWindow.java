package com.cyclefleet.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bench fleet}'s fleet side for one size: warm-up, then the measured window, of closed-loop clients; the
 * requests still in flight when the window closes are finished but not counted, so the next size starts on an idle
 * fleet.
 */
final class FleetWindow {

    /** Means per counted request of its client-side phases (ms), and the fleet's CPU ms per image by part. */
    record Detail(double submitMs, double awaitMs, double downloadMs, Map<String, Double> cpuMsPerImage) {
    }

    private final FleetClient client;
    private final List<ClosedLoopClients.ModelRef> models;
    private final ClosedLoopClients.Api api;
    private final int concurrency;
    private final Duration warmup;
    private final Duration window;

    FleetWindow(FleetClient client, List<ClosedLoopClients.ModelRef> models, ClosedLoopClients.Api api,
                int concurrency, Duration warmup, Duration window) {
        this.client = client;
        this.models = models;
        this.api = api;
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.window = window;
    }

    void run(int size, List<byte[]> pngs, int workers, BenchResult engine, BenchReport report) throws Exception {
        try (ClosedLoopClients clients = new ClosedLoopClients(client, models, new ImageCycle<>(pngs), api,
                concurrency)) {
            clients.runFor(warmup);
            CpuUse cpuAtStart = CpuUse.sample();
            long start = System.nanoTime();
            clients.runFor(window);
            long end = System.nanoTime();
            CpuUse cpuInWindow = CpuUse.sample().minus(cpuAtStart);
            List<ClosedLoopClients.Completion> counted = clients.stopAndFinish().stream()
                    .filter(c -> c.downloaded() - start >= 0 && c.downloaded() - end < 0).toList();
            if (counted.isEmpty()) {
                throw new IllegalStateException("no fleet request at " + size + "x" + size + " completed in the "
                        + window.toSeconds() + " s window; use a longer --seconds");
            }
            BenchResult r = new BenchResult("fleet", size, counted.size(), (end - start) / 1e6,
                    counted.stream().mapToDouble(ClosedLoopClients.Completion::latencyMs).toArray());
            report.fleet(r, workers, engine, detail(counted, cpuInWindow));
        }
    }

    private static Detail detail(List<ClosedLoopClients.Completion> counted, CpuUse cpuInWindow) {
        int n = counted.size();
        return new Detail(
                counted.stream().mapToDouble(c -> (c.accepted() - c.submitted()) / 1e6).sum() / n,
                counted.stream().mapToDouble(c -> (c.done() - c.accepted()) / 1e6).sum() / n,
                counted.stream().mapToDouble(c -> (c.downloaded() - c.done()) / 1e6).sum() / n,
                cpuInWindow.perImage(n));
    }
}
