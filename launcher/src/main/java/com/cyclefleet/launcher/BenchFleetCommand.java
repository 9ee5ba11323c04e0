package com.cyclefleet.launcher;

import com.cyclefleet.devstack.ChildProcess;
import com.cyclefleet.devstack.JavaCommand;
import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.infer.Translator;
import com.cyclefleet.engine.io.TorchWeights;
import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.net.ResnetGenerator;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.engine.util.Rng;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.stream.Stream;

/**
 * Translation throughput and latency through the fleet (coordinator REST, S3, Kafka, worker, S3, REST) against the
 * engine alone on the same weights and images. The engine runs first, in this JVM, before the fleet starts, so the
 * two never share the CPU. With {@code --pin} (Linux, taskset) the worker gets CPU 1 to itself with one native
 * thread, and so does the engine alone (then run in a child JVM with the worker's flags); this JVM, the coordinator,
 * the broker and the S3 server share CPU 0.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Fleet vs engine-alone translation throughput and p50/p99 latency; one JSON line per result "
                + "on stdout, text on stderr.")
final class BenchFleetCommand implements Callable<Integer> {

    @Option(names = "--sizes", split = ",", defaultValue = "64,256", description = "Image sizes (default ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--requests", defaultValue = "32", description = "Measured images per size (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "8", description = "Warm-up images per size (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--concurrency", defaultValue = "4",
            description = "Fleet requests in flight; also the engine's batch size (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--netG", defaultValue = GeneratorSpec.RESNET_9, description = "Generator (default ${DEFAULT-VALUE}).")
    String netG;

    @Option(names = "--ngf", defaultValue = "64", description = "Generator width (default ${DEFAULT-VALUE}).")
    int ngf;

    @Option(names = "--pin",
            description = "Linux (taskset): the worker, and the engine alone (run in a child JVM), pinned to CPU 1 "
                    + "with one native thread (OMP_NUM_THREADS=1); this JVM, the coordinator, the broker and the S3 "
                    + "server pinned to CPU 0. Models a worker with a core of its own.")
    boolean pin;

    /** The {@code --pin} engine child: runs only the engine part and prints one {@link #ENGINE_RESULT} line each. */
    @Option(names = "--engine-only", hidden = true)
    boolean engineOnly;

    private static final String ENGINE_RESULT = "engine-result ";
    private static final String TASKSET = Files.isExecutable(Path.of("/usr/bin/taskset")) ? "/usr/bin/taskset"
            : "taskset";

    record Result(String mode, int size, int images, int concurrency, double wallMs, double[] latenciesMs) {
        double msPerImage() {
            return wallMs / images;
        }

        double percentile(double p) {
            double[] s = latenciesMs.clone();
            Arrays.sort(s);
            int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
            return s[Math.max(0, Math.min(s.length - 1, i))];
        }
    }

    /** Client-side phases of the last fleet run, summed over its images (ms). */
    private final DoubleAdder submitMs = new DoubleAdder();
    private final DoubleAdder awaitMs = new DoubleAdder();
    private final DoubleAdder downloadMs = new DoubleAdder();

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        if (pin && !engineOnly) {
            // first, so that every thread and child started from here on inherits CPU 0 (the worker and the engine
            // child are moved to CPU 1 by their own taskset prefix)
            pinThisProcess("0");
        }
        Path work = Files.createTempDirectory("cyclefleet-bench-");
        try {
            GeneratorSpec spec = new GeneratorSpec(netG, ngf);
            ResnetGenerator gA = new ResnetGenerator(spec, new Rng(1), DataType.FLOAT);
            ResnetGenerator gB = new ResnetGenerator(spec, new Rng(2), DataType.FLOAT);
            Path weights = work.resolve("weights");
            TorchWeights.save(gA, weights.resolve("G_A"));
            TorchWeights.save(gB, weights.resolve("G_B"));
            byte[] zip = FleetClient.zipTree(weights);

            List<List<byte[]>> imagesPerSize = new ArrayList<>();
            for (int size : sizes) {
                Path d = work.resolve("images-" + size);
                SyntheticDatasetWriter.write(d, warmup + requests, size, 11L);
                try (Stream<Path> s = Files.list(d.resolve("trainA"))) {
                    List<byte[]> pngs = new ArrayList<>();
                    for (Path f : s.sorted().toList()) {
                        pngs.add(Files.readAllBytes(f));
                    }
                    imagesPerSize.add(pngs);
                }
            }
            DemoCommand.log(t0, "model " + netG + " ngf " + ngf + " (random weights), " + requests
                    + " measured + " + warmup + " warm-up images per size, concurrency/batch " + concurrency
                    + ", load " + load() + (pin ? "; pinned: worker and engine alone on CPU 1 with OMP_NUM_THREADS=1, "
                    + "the rest on CPU 0" : ""));

            LocalFleet.Options options = LocalFleet.Options.temporary(LocalFleet.repositoryRoot(),
                    LocalFleet.repositoryRoot().resolve(".cyclefleet/logs"), 1);
            List<Result> engine = new ArrayList<>();
            if (pin && !engineOnly) {
                engine.addAll(pinnedEngine(options));
                for (Result r : engine) {
                    report(r, null);
                }
                options = options.withWorkerCommandPrefix(List.of(TASKSET, "-c", "1"))
                        .withWorkerEnv(Map.of("OMP_NUM_THREADS", "1"));
            } else {
                Translator translator = new Translator(gA);
                for (int i = 0; i < sizes.length; i++) {
                    engine.add(engineRun(translator, sizes[i], imagesPerSize.get(i)));
                    report(engine.get(i), null);
                    if (engineOnly) {
                        System.out.println(ENGINE_RESULT + toJson(engine.get(i)));
                    }
                }
                if (engineOnly) {
                    return 0;
                }
            }

            DemoCommand.log(t0, "starting the fleet (1 worker)");
            try (LocalFleet fleet = LocalFleet.start(options)) {
                FleetClient client = new FleetClient(fleet.coordinatorUrl());
                int version = client.importWeights("bench", zip, netG, ngf).path("version").asInt();
                for (int i = 0; i < sizes.length; i++) {
                    Result r = fleetRun(client, version, sizes[i], imagesPerSize.get(i));
                    report(r, engine.get(i));
                }
            }
            DemoCommand.log(t0, "done, load " + load());
            return 0;
        } finally {
            Directories.clean(work);
            Files.deleteIfExists(work);
        }
    }

    /** Moves every thread of this JVM to {@code cpus} (taskset -a -p -c). */
    private static void pinThisProcess(String cpus) throws Exception {
        Process p = new ProcessBuilder(TASKSET, "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("--pin: `taskset -a -p -c " + cpus + "` failed: " + out);
        }
    }

    /**
     * The engine alone in a child JVM pinned to CPU 1 with one native thread, with the worker's JVM flags and heap;
     * it regenerates the same weights and images (fixed seeds) and hands its results back on its output.
     */
    private List<Result> pinnedEngine(LocalFleet.Options options) {
        List<String> command = new ArrayList<>(List.of(TASKSET, "-c", "1"));
        command.addAll(JavaCommand.of(options.workerHeap(), List.of(
                "-Dcyclefleet.root=" + options.root(),
                "-cp", System.getProperty("java.class.path"), LauncherMain.class.getName(),
                "bench", "fleet", "--engine-only", "--sizes", String.join(",", Arrays.stream(sizes)
                        .mapToObj(Integer::toString).toList()), "--requests", Integer.toString(requests),
                "--warmup", Integer.toString(warmup), "--concurrency", Integer.toString(concurrency),
                "--netG", netG, "--ngf", Integer.toString(ngf))));
        Path log = options.logDir().resolve("bench-engine.log");
        ChildProcess child = ChildProcess.start("engine alone (pinned)", command, Map.of("OMP_NUM_THREADS", "1"),
                options.root(), log, Duration.ofSeconds(5));
        int code = child.awaitExit(Duration.ofMinutes(30));
        try {
            List<Result> results = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith(ENGINE_RESULT)) {
                    results.add(fromJson(FleetClient.JSON.readTree(line.substring(ENGINE_RESULT.length()))));
                }
            }
            if (code != 0 || results.size() != sizes.length) {
                throw new IllegalStateException("the pinned engine run exited with code " + code + " and "
                        + results.size() + " of " + sizes.length + " results; see " + log);
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private static String toJson(Result r) {
        ObjectNode json = FleetClient.JSON.createObjectNode();
        json.put("mode", r.mode());
        json.put("size", r.size());
        json.put("images", r.images());
        json.put("concurrency", r.concurrency());
        json.put("wallMs", r.wallMs());
        ArrayNode latencies = json.putArray("latenciesMs");
        for (double l : r.latenciesMs()) {
            latencies.add(l);
        }
        return json.toString();
    }

    private static Result fromJson(JsonNode json) {
        JsonNode l = json.path("latenciesMs");
        double[] latencies = new double[l.size()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = l.get(i).asDouble();
        }
        return new Result(json.path("mode").asText(), json.path("size").asInt(), json.path("images").asInt(),
                json.path("concurrency").asInt(), json.path("wallMs").asDouble(), latencies);
    }

    private Result engineRun(Translator t, int size, List<byte[]> pngs) {
        List<FloatImage> images = new ArrayList<>();
        for (byte[] p : pngs) {
            images.add(ImageCodec.decode(p, "bench image"));
        }
        for (int i = 0; i < warmup; i += concurrency) {
            t.translate(images.subList(i, Math.min(warmup, i + concurrency)));
        }
        List<FloatImage> measured = images.subList(warmup, images.size());
        double[] latencies = new double[measured.size()];
        long start = System.nanoTime();
        for (int i = 0; i < measured.size(); i += concurrency) {
            long b0 = System.nanoTime();
            List<FloatImage> batch = measured.subList(i, Math.min(measured.size(), i + concurrency));
            t.translate(batch);
            double ms = (System.nanoTime() - b0) / 1e6;
            for (int j = 0; j < batch.size(); j++) {
                latencies[i + j] = ms;
            }
        }
        return new Result("engine", size, measured.size(), concurrency, (System.nanoTime() - start) / 1e6, latencies);
    }

    private Result fleetRun(FleetClient client, int version, int size, List<byte[]> pngs) throws Exception {
        runInFlight(client, version, pngs.subList(0, warmup));
        List<byte[]> measured = pngs.subList(warmup, pngs.size());
        long start = System.nanoTime();
        double[] latencies = runInFlight(client, version, measured);
        return new Result("fleet", size, measured.size(), concurrency, (System.nanoTime() - start) / 1e6, latencies);
    }

    /** {@code concurrency} clients, each submitting, awaiting (SSE) and fetching one image at a time. */
    private double[] runInFlight(FleetClient client, int version, List<byte[]> pngs) throws Exception {
        submitMs.reset();
        awaitMs.reset();
        downloadMs.reset();
        double[] latencies = new double[pngs.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < pngs.size()) {
                        long r0 = System.nanoTime();
                        String id = client.submit(pngs.get(i), "bench", version, "AtoB");
                        long r1 = System.nanoTime();
                        String status = client.awaitTranslation(id, Duration.ofMinutes(5));
                        long r2 = System.nanoTime();
                        if (!"DONE".equals(status)) {
                            throw new IllegalStateException("translation " + id + " " + status + ": "
                                    + client.translation(id).path("reason").asText());
                        }
                        byte[] png = client.result(id);
                        if (png.length == 0) {
                            throw new IllegalStateException("empty result for " + id);
                        }
                        long r3 = System.nanoTime();
                        latencies[i] = (r3 - r0) / 1e6;
                        submitMs.add((r1 - r0) / 1e6);
                        awaitMs.add((r2 - r1) / 1e6);
                        downloadMs.add((r3 - r2) / 1e6);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    private void report(Result r, Result engine) {
        ObjectNode json = FleetClient.JSON.createObjectNode();
        json.put("bench", "fleet");
        json.put("mode", r.mode());
        json.put("netG", netG);
        json.put("ngf", ngf);
        json.put("size", r.size());
        json.put("images", r.images());
        json.put(r.mode().equals("engine") ? "batch" : "concurrency", r.concurrency());
        json.put("msPerImage", round(r.msPerImage()));
        json.put("imagesPerSecond", round(1000.0 / r.msPerImage()));
        json.put("p50Ms", round(r.percentile(50)));
        json.put("p99Ms", round(r.percentile(99)));
        json.put("load1", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        if (pin) {
            json.put("pinned", true);
        }
        if (engine != null) {
            json.put("submitMs", round(submitMs.sum() / r.images()));
            json.put("awaitMs", round(awaitMs.sum() / r.images()));
            json.put("downloadMs", round(downloadMs.sum() / r.images()));
            double ratio = r.msPerImage() / engine.msPerImage();
            json.put("overheadRatio", round(ratio));
            json.put("target", 1.10);
        }
        System.out.println(json);
        System.out.flush();
        System.err.printf(Locale.ROOT, "%-6s %3dx%-3d %s %2d: %8.1f ms/image  %6.2f img/s  p50 %8.1f ms  p99 %8.1f ms%s%n",
                r.mode(), r.size(), r.size(), r.mode().equals("engine") ? "batch" : "in flight", r.concurrency(),
                r.msPerImage(), 1000.0 / r.msPerImage(), r.percentile(50), r.percentile(99),
                engine == null ? "" : String.format(Locale.ROOT, "  overhead x%.3f (fleet/engine ms per image; "
                        + "target <= 1.10)", r.msPerImage() / engine.msPerImage()));
        if (engine != null) {
            System.err.printf(Locale.ROOT, "       mean latency per image: submit %.1f ms, await done %.1f ms, download %.1f ms%n",
                    submitMs.sum() / r.images(), awaitMs.sum() / r.images(), downloadMs.sum() / r.images());
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static String load() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
