package com.cyclefleet.launcher;

import com.cyclefleet.devstack.Directories;
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
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Steady-state translation throughput and latency through the fleet (coordinator REST, S3, Kafka, worker, S3, REST)
 * against the engine alone on the same weights and images, measured over time windows rather than request counts so
 * that neither start-up nor the tail of a run (fewer requests in flight) is counted.
 *
 * <p>Per image size, each side first runs for {@code --warmup-seconds} (JIT of every JVM, native kernels, buffer
 * pools), then for the measured window of {@code --seconds}:
 * <ul>
 *   <li>engine alone: batches of {@code --batch} images back to back; whole batches run until the window has
 *       elapsed, and ms per image is their elapsed time over their image count (an image's latency is its
 *       batch's time);</li>
 *   <li>fleet: {@code --concurrency} closed-loop clients (submit, await done over SSE, download the PNG, repeat)
 *       run without pause; a request counts if its result was downloaded inside the window, ms per image is the
 *       window over the requests counted, and its latency runs from submit to downloaded PNG. The worker's most
 *       images per batch is {@code --batch}, as the engine's. CPU per image is each fleet process's CPU time over
 *       the window divided by the requests counted.</li>
 * </ul>
 * Both cycle through {@code --images} synthetic images per size. The engine runs first, in this JVM, before the fleet
 * starts, so the two never share the CPU. With {@code --pin} (Linux, taskset) the worker gets CPU 1 to itself with
 * one native thread, and so does the engine alone (then run in a child JVM with the worker's flags); this JVM, the
 * coordinator, the broker and the S3 server share CPU 0.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Fleet vs engine-alone steady-state translation throughput and p50/p99 latency over a timed "
                + "window after a timed warm-up; one JSON line per result on stdout, text on stderr.")
final class BenchFleetCommand implements Callable<Integer> {

    /**
     * The worker's default most images per translate batch, {@code WorkerConfig.DEFAULT_TRANSLATE_MAX_BATCH}; copied
     * because the worker module is only a build-ordering dependency of this one (provided scope, not on the
     * launcher's run-time class path). Keep the two equal.
     */
    static final int DEFAULT_BATCH = 16;

    /** The worker's batch setting, {@code WorkerConfig.ENV_TRANSLATE_MAX_BATCH} (copied for the same reason). */
    static final String ENV_TRANSLATE_MAX_BATCH = "CYCLEFLEET_TRANSLATE_MAX_BATCH";

    @Option(names = "--sizes", split = ",", defaultValue = "64,256", description = "Image sizes (default ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--warmup-seconds", defaultValue = "120",
            description = "Per size and side, seconds of translation before the measured window, not counted "
                    + "(default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--seconds", defaultValue = "60",
            description = "Per size and side, the measured window in seconds: the fleet counts the requests whose "
                    + "result was downloaded inside it; the engine runs whole batches until it has elapsed "
                    + "(default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--images", defaultValue = "32",
            description = "Distinct synthetic images generated per size, used cyclically (default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--batch", defaultValue = "" + DEFAULT_BATCH,
            description = "The engine's batch size and the worker's most images per batch "
                    + "(CYCLEFLEET_TRANSLATE_MAX_BATCH) (default ${DEFAULT-VALUE}, the worker's default).")
    int batch;

    @Option(names = "--concurrency", defaultValue = "48",
            description = "Fleet requests in flight: closed-loop clients that each submit, await and download one "
                    + "image at a time, without pause (default ${DEFAULT-VALUE}).")
    int concurrency;

    /** How a bench client asks the fleet for a translation. */
    enum Api {
        /** POST /translations/async, await the terminal event over SSE, GET the result: three HTTP calls. */
        async,
        /** POST /translations, which answers with the translated PNG: one HTTP call. */
        sync
    }

    @Option(names = "--api", defaultValue = "async",
            description = "async (submit, await over SSE, download) or sync (one POST answered with the PNG) "
                    + "(default ${DEFAULT-VALUE}).")
    Api api;

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
    /** Fixed seeds: the pinned engine child regenerates the same weights and images as this JVM. */
    private static final long WEIGHTS_SEED_A = 1;
    private static final long WEIGHTS_SEED_B = 2;
    private static final long IMAGES_SEED = 11;
    /** Fleet / engine ms per image the fleet aims to stay within. */
    private static final double TARGET_OVERHEAD = 1.10;
    /** Far above any one request's latency: a request slower than this is a fault, not a measurement. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** Far above the pinned engine child's whole run (JVM start, weights, warm-up and window per size). */
    private static final Duration ENGINE_CHILD_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration ENGINE_CHILD_STOP_GRACE = Duration.ofSeconds(5);

    /** One side's measured window for one size; {@code windowMs} over {@code images} is its ms per image. */
    record Result(String mode, int size, int images, double windowMs, double[] latenciesMs) {
        double msPerImage() {
            return windowMs / images;
        }

        double percentile(double p) {
            double[] s = latenciesMs.clone();
            Arrays.sort(s);
            int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
            return s[Math.max(0, Math.min(s.length - 1, i))];
        }
    }

    /** Means per counted fleet request of its client-side phases (ms), and the fleet's CPU ms per image by part. */
    record FleetDetail(double submitMs, double awaitMs, double downloadMs, Map<String, Double> cpuMsPerImage) {
    }

    /** One fleet request a client completed, as {@link System#nanoTime()} stamps. */
    record Completion(long submitted, long accepted, long done, long downloaded) {
        double latencyMs() {
            return millis(downloaded - submitted);
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        long t0 = System.nanoTime();
        if (pin && !engineOnly) {
            // first, so that every thread and child started from here on inherits CPU 0 (the worker and the engine
            // child are moved to CPU 1 by their own taskset prefix)
            pinThisProcess("0");
        }
        Path work = Files.createTempDirectory("cyclefleet-bench-");
        try {
            GeneratorSpec spec = new GeneratorSpec(netG, ngf);
            ResnetGenerator gA = new ResnetGenerator(spec, new Rng(WEIGHTS_SEED_A), DataType.FLOAT);
            ResnetGenerator gB = new ResnetGenerator(spec, new Rng(WEIGHTS_SEED_B), DataType.FLOAT);
            Path weights = work.resolve("weights");
            TorchWeights.save(gA, weights.resolve("G_A"));
            TorchWeights.save(gB, weights.resolve("G_B"));
            byte[] zip = FleetClient.zipTree(weights);

            List<List<byte[]>> imagesPerSize = new ArrayList<>();
            for (int size : sizes) {
                imagesPerSize.add(syntheticImages(work, size));
            }
            DemoCommand.log(t0, "model " + netG + " ngf " + ngf + " (random weights), " + images
                    + " images per size used cyclically; per size and side " + warmupSeconds + " s warm-up, then a "
                    + seconds + " s measured window; engine batch and worker max batch " + batch + ", fleet "
                    + concurrency + " requests in flight, load " + load()
                    + (pin ? "; pinned: worker and engine alone on CPU 1 with OMP_NUM_THREADS=1, the rest on CPU 0"
                    : ""));

            // the worker batches up to --batch images per poll, as the engine alone does
            LocalFleet.Options options = LocalFleet.Options.temporary(LocalFleet.repositoryRoot(),
                            LocalFleet.repositoryRoot().resolve(".cyclefleet/logs"), 1)
                    .withWorkerEnv(Map.of(ENV_TRANSLATE_MAX_BATCH, Integer.toString(batch)));
            List<Result> engine = new ArrayList<>();
            if (pin && !engineOnly) {
                engine.addAll(pinnedEngine(options));
                for (Result r : engine) {
                    report(r, null, null);
                }
                // withWorkerEnv adds to the batch setting above
                options = options.withWorkerCommandPrefix(List.of(TASKSET, "-c", "1"))
                        .withWorkerEnv(Map.of("OMP_NUM_THREADS", "1"));
            } else {
                Translator translator = new Translator(gA);
                for (int i = 0; i < sizes.length; i++) {
                    engine.add(engineRun(translator, sizes[i], imagesPerSize.get(i)));
                    report(engine.get(i), null, null);
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
                    fleetRun(client, version, sizes[i], imagesPerSize.get(i), engine.get(i));
                }
            }
            DemoCommand.log(t0, "done, load " + load());
            return 0;
        } finally {
            Directories.clean(work);
            Files.deleteIfExists(work);
        }
    }

    private void validate() {
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("--warmup-seconds must be >= 0");
        }
        if (seconds < 1 || images < 1 || batch < 1 || concurrency < 1) {
            throw new IllegalArgumentException("--seconds, --images, --batch and --concurrency must be >= 1");
        }
    }

    /** {@code --images} synthetic PNGs of {@code size} pixels a side, the same in every JVM (fixed seed). */
    private List<byte[]> syntheticImages(Path work, int size) throws IOException {
        Path d = work.resolve("images-" + size);
        SyntheticDatasetWriter.write(d, images, size, IMAGES_SEED);
        try (Stream<Path> s = Files.list(d.resolve("trainA"))) {
            List<byte[]> pngs = new ArrayList<>();
            for (Path f : s.sorted().toList()) {
                pngs.add(Files.readAllBytes(f));
            }
            return pngs;
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
     * it regenerates the same weights and images (fixed seeds), runs the same windows and hands its results back on
     * its output.
     */
    private List<Result> pinnedEngine(LocalFleet.Options options) {
        List<String> command = new ArrayList<>(List.of(TASKSET, "-c", "1"));
        command.addAll(JavaCommand.of(options.workerHeap(), List.of(
                "-Dcyclefleet.root=" + options.root(),
                "-cp", System.getProperty("java.class.path"), LauncherMain.class.getName(),
                "bench", "fleet", "--engine-only", "--sizes", String.join(",", Arrays.stream(sizes)
                        .mapToObj(Integer::toString).toList()),
                "--warmup-seconds", Integer.toString(warmupSeconds), "--seconds", Integer.toString(seconds),
                "--images", Integer.toString(images), "--batch", Integer.toString(batch),
                "--netG", netG, "--ngf", Integer.toString(ngf))));
        Path log = options.logDir().resolve("bench-engine.log");
        ChildProcess child = ChildProcess.start("engine alone (pinned)", command, Map.of("OMP_NUM_THREADS", "1"),
                options.root(), log, ENGINE_CHILD_STOP_GRACE);
        int code = child.awaitExit(ENGINE_CHILD_TIMEOUT);
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
        json.put("windowMs", r.windowMs());
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
                json.path("windowMs").asDouble(), latencies);
    }

    /** Warm-up, then the measured window, of back-to-back batches of {@code --batch} images. */
    private Result engineRun(Translator t, int size, List<byte[]> pngs) {
        List<FloatImage> decoded = new ArrayList<>();
        for (byte[] p : pngs) {
            decoded.add(ImageCodec.decode(p, "bench image"));
        }
        ImageCycle<FloatImage> cycle = new ImageCycle<>(decoded);
        runBatches(t, cycle, Duration.ofSeconds(warmupSeconds));
        long start = System.nanoTime();
        List<Double> batchMs = runBatches(t, cycle, Duration.ofSeconds(seconds));
        double windowMs = millis(System.nanoTime() - start);
        double[] latencies = new double[batchMs.size() * batch];
        for (int b = 0; b < batchMs.size(); b++) {
            // every image of a batch is ready when the batch is
            Arrays.fill(latencies, b * batch, (b + 1) * batch, batchMs.get(b));
        }
        return new Result("engine", size, latencies.length, windowMs, latencies);
    }

    /** Whole batches back to back until {@code duration} has elapsed (the last one ends after it); their ms each. */
    private List<Double> runBatches(Translator t, ImageCycle<FloatImage> cycle, Duration duration) {
        List<Double> batchMs = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            List<FloatImage> images = cycle.next(batch);
            long b0 = System.nanoTime();
            t.translate(images);
            batchMs.add(millis(System.nanoTime() - b0));
        }
        return batchMs;
    }

    /**
     * Warm-up, then the measured window, of {@code --concurrency} closed-loop clients that never pause; the requests
     * still in flight when the window closes are finished but not counted, so the next size starts on an idle fleet.
     */
    private void fleetRun(FleetClient client, int version, int size, List<byte[]> pngs, Result engine)
            throws Exception {
        try (ClosedLoopClients clients = new ClosedLoopClients(client, version, new ImageCycle<>(pngs))) {
            clients.runFor(Duration.ofSeconds(warmupSeconds));
            CpuUse cpuAtStart = CpuUse.sample();
            long start = System.nanoTime();
            clients.runFor(Duration.ofSeconds(seconds));
            long end = System.nanoTime();
            CpuUse cpuInWindow = CpuUse.sample().minus(cpuAtStart);
            List<Completion> counted = downloadedWithin(clients.stopAndFinish(), start, end);
            if (counted.isEmpty()) {
                throw new IllegalStateException("no fleet request at " + size + "x" + size + " completed in the "
                        + seconds + " s window; use a longer --seconds");
            }
            Result r = new Result("fleet", size, counted.size(), millis(end - start),
                    counted.stream().mapToDouble(Completion::latencyMs).toArray());
            report(r, engine, fleetDetail(counted, cpuInWindow));
        }
    }

    /** The requests whose result was downloaded in [start, end). */
    private static List<Completion> downloadedWithin(List<Completion> completions, long start, long end) {
        return completions.stream().filter(c -> c.downloaded() - start >= 0 && c.downloaded() - end < 0).toList();
    }

    private static FleetDetail fleetDetail(List<Completion> counted, CpuUse cpuInWindow) {
        int n = counted.size();
        return new FleetDetail(
                counted.stream().mapToDouble(c -> millis(c.accepted() - c.submitted())).sum() / n,
                counted.stream().mapToDouble(c -> millis(c.done() - c.accepted())).sum() / n,
                counted.stream().mapToDouble(c -> millis(c.downloaded() - c.done())).sum() / n,
                cpuInWindow.perImage(n));
    }

    /** The bench images round-robin, so a run of any length goes through all of them; thread-safe. */
    private static final class ImageCycle<T> {
        private final List<T> items;
        private final AtomicLong next = new AtomicLong();

        ImageCycle(List<T> items) {
            this.items = List.copyOf(items);
        }

        T next() {
            return items.get((int) (next.getAndIncrement() % items.size()));
        }

        List<T> next(int n) {
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(next());
            }
            return out;
        }
    }

    /**
     * {@code --concurrency} clients, each submitting, awaiting (SSE) and downloading one image at a time and starting
     * the next at once, from construction until {@link #stopAndFinish()}; every completed request is recorded.
     */
    private final class ClosedLoopClients implements AutoCloseable {
        private final FleetClient client;
        private final int version;
        private final ImageCycle<byte[]> pngs;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
        private final ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        private final CompletionService<Void> ended = new ExecutorCompletionService<>(pool);

        ClosedLoopClients(FleetClient client, int version, ImageCycle<byte[]> pngs) {
            this.client = client;
            this.version = version;
            this.pngs = pngs;
            for (int c = 0; c < concurrency; c++) {
                ended.submit(this::loop);
            }
        }

        private Void loop() {
            while (!stop.get()) {
                completions.add(request(pngs.next()));
            }
            return null;
        }

        private Completion request(byte[] png) {
            if (api == Api.sync) {
                long submitted = System.nanoTime();
                if (client.translateSync(png, "bench", "AtoB").length == 0) {
                    throw new IllegalStateException("empty result from POST /translations");
                }
                long downloaded = System.nanoTime();
                // one call: all of it counts as waiting for the result
                return new Completion(submitted, submitted, downloaded, downloaded);
            }
            long submitted = System.nanoTime();
            String id = client.submit(png, "bench", version, "AtoB");
            long accepted = System.nanoTime();
            String status = client.awaitTranslation(id, REQUEST_TIMEOUT);
            long done = System.nanoTime();
            if (!"DONE".equals(status)) {
                throw new IllegalStateException("translation " + id + " " + status + ": "
                        + client.translation(id).path("reason").asText());
            }
            if (client.result(id).length == 0) {
                throw new IllegalStateException("empty result for " + id);
            }
            return new Completion(submitted, accepted, done, System.nanoTime());
        }

        /** Lets the clients run for {@code duration}; fails at once with the first client that failed. */
        void runFor(Duration duration) throws Exception {
            long end = System.nanoTime() + duration.toNanos();
            for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
                Future<Void> stopped = ended.poll(left, TimeUnit.NANOSECONDS);
                if (stopped != null) {
                    // a client stops on its own only by failing: get() rethrows why
                    stopped.get();
                    throw new IllegalStateException("a bench client stopped before it was told to");
                }
            }
        }

        /** Stops submitting, waits for the requests in flight, and returns every completed request. */
        List<Completion> stopAndFinish() throws Exception {
            stop.set(true);
            for (int c = 0; c < concurrency; c++) {
                ended.take().get();
            }
            return List.copyOf(completions);
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /** The engine's line when {@code engine} is null, else the fleet's, with {@code fleet} and the overhead. */
    private void report(Result r, Result engine, FleetDetail fleet) {
        boolean isFleet = engine != null;
        ObjectNode json = FleetClient.JSON.createObjectNode();
        json.put("bench", "fleet");
        json.put("mode", r.mode());
        json.put("netG", netG);
        json.put("ngf", ngf);
        json.put("size", r.size());
        json.put("images", r.images());
        json.put("batch", batch);
        if (isFleet) {
            json.put("concurrency", concurrency);
            json.put("api", api.name());
        }
        json.put("warmupSeconds", warmupSeconds);
        json.put("seconds", seconds);
        json.put("msPerImage", round(r.msPerImage()));
        json.put("imagesPerSecond", round(1000.0 / r.msPerImage()));
        json.put("p50Ms", round(r.percentile(50)));
        json.put("p99Ms", round(r.percentile(99)));
        json.put("load1", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        if (pin) {
            json.put("pinned", true);
        }
        if (isFleet) {
            json.put("submitMs", round(fleet.submitMs()));
            json.put("awaitMs", round(fleet.awaitMs()));
            json.put("downloadMs", round(fleet.downloadMs()));
            json.put("overheadRatio", round(r.msPerImage() / engine.msPerImage()));
            ObjectNode cpu = json.putObject("cpuMsPerImage");
            fleet.cpuMsPerImage().forEach((part, ms) -> cpu.put(part, round(ms)));
            json.put("target", TARGET_OVERHEAD);
        }
        System.out.println(json);
        System.out.flush();
        System.err.printf(Locale.ROOT, "%-6s %3dx%-3d %s %2d: %8.1f ms/image  %6.2f img/s  p50 %8.1f ms  p99 %8.1f ms%s%n",
                r.mode(), r.size(), r.size(), isFleet ? "in flight" : "batch", isFleet ? concurrency : batch,
                r.msPerImage(), 1000.0 / r.msPerImage(), r.percentile(50), r.percentile(99),
                !isFleet ? "" : String.format(Locale.ROOT, "  overhead x%.3f (fleet/engine ms per image; "
                        + "target <= %.2f)", r.msPerImage() / engine.msPerImage(), TARGET_OVERHEAD));
        if (isFleet) {
            System.err.printf(Locale.ROOT, "       mean latency per image (%s API): submit %.1f ms, await done %.1f ms, "
                            + "download %.1f ms%n", api, fleet.submitMs(), fleet.awaitMs(), fleet.downloadMs());
            StringBuilder cpu = new StringBuilder("       CPU ms per image:");
            fleet.cpuMsPerImage().forEach((part, ms) -> cpu.append(String.format(Locale.ROOT, " %s %.1f,", part, ms)));
            System.err.println(cpu.substring(0, cpu.length() - 1));
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static String load() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
