package com.cyclefleet.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** {@code bench fleet}'s output: one JSON line per result on stdout (Jackson), the same as text on stderr. */
final class BenchReport {

    /** Fleet / engine ms per image the fleet aims to stay within (with one worker). */
    static final double TARGET_OVERHEAD = 1.10;

    private final String netG;
    private final int ngf;
    private final int batch;
    private final int concurrency;
    private final ClosedLoopClients.Api api;
    private final int warmupSeconds;
    private final int seconds;
    private final boolean pinned;

    BenchReport(String netG, int ngf, int batch, int concurrency, ClosedLoopClients.Api api, int warmupSeconds,
                int seconds, boolean pinned) {
        this.netG = netG;
        this.ngf = ngf;
        this.batch = batch;
        this.concurrency = concurrency;
        this.api = api;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        this.pinned = pinned;
    }

    void engine(BenchResult r) {
        System.out.println(common(r));
        System.out.flush();
        System.err.printf(Locale.ROOT, "engine    %3dx%-3d batch %2d: %8.1f ms/image  %6.2f img/s  p50 %8.1f ms  "
                        + "p99 %8.1f ms%n", r.size(), r.size(), batch, r.msPerImage(), 1000.0 / r.msPerImage(),
                r.percentile(50), r.percentile(99));
    }

    void fleet(BenchResult r, int workers, BenchResult engine, FleetWindow.Detail fleet) {
        ObjectNode json = common(r);
        json.put("workers", workers);
        json.put("concurrency", concurrency);
        json.put("api", api.name());
        json.put("submitMs", round(fleet.submitMs()));
        json.put("awaitMs", round(fleet.awaitMs()));
        json.put("downloadMs", round(fleet.downloadMs()));
        json.put("overheadRatio", round(r.msPerImage() / engine.msPerImage()));
        ObjectNode cpu = json.putObject("cpuMsPerImage");
        fleet.cpuMsPerImage().forEach((part, ms) -> cpu.put(part, round(ms)));
        json.put("target", TARGET_OVERHEAD);
        System.out.println(json);
        System.out.flush();
        System.err.printf(Locale.ROOT, "fleet x%d %3dx%-3d in flight %2d: %8.1f ms/image  %6.2f img/s  p50 %8.1f ms  "
                        + "p99 %8.1f ms  overhead x%.3f (fleet/engine ms per image; target <= %.2f with 1 worker)%n",
                workers, r.size(), r.size(), concurrency, r.msPerImage(), 1000.0 / r.msPerImage(), r.percentile(50),
                r.percentile(99), r.msPerImage() / engine.msPerImage(), TARGET_OVERHEAD);
        System.err.printf(Locale.ROOT, "       mean latency per image (%s API): submit %.1f ms, await done %.1f ms, "
                + "download %.1f ms%n", api, fleet.submitMs(), fleet.awaitMs(), fleet.downloadMs());
        StringBuilder text = new StringBuilder("       CPU ms per image:");
        fleet.cpuMsPerImage().forEach((part, ms) -> text.append(String.format(Locale.ROOT, " %s %.1f,", part, ms)));
        System.err.println(text.substring(0, text.length() - 1));
    }

    private ObjectNode common(BenchResult r) {
        ObjectNode json = FleetClient.JSON.createObjectNode();
        json.put("bench", "fleet");
        json.put("mode", r.mode());
        json.put("netG", netG);
        json.put("ngf", ngf);
        json.put("size", r.size());
        json.put("images", r.images());
        json.put("batch", batch);
        json.put("warmupSeconds", warmupSeconds);
        json.put("seconds", seconds);
        json.put("msPerImage", round(r.msPerImage()));
        json.put("imagesPerSecond", round(1000.0 / r.msPerImage()));
        json.put("p50Ms", round(r.percentile(50)));
        json.put("p99Ms", round(r.percentile(99)));
        json.put("load1", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        if (pinned) {
            json.put("pinned", true);
        }
        return json;
    }

    static String load() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
