package com.cyclefleet.launcher;

import com.cyclefleet.devstack.Directories;
import com.cyclefleet.engine.bench.NativeThreads;
import com.cyclefleet.engine.infer.Translator;
import com.cyclefleet.engine.io.TorchWeights;
import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.net.ResnetGenerator;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.engine.util.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Steady-state translation throughput and latency through the fleet (coordinator REST, S3, Kafka, worker, S3, REST)
 * with 1, 2, ... workers, against the engine alone on the same weights and images, measured over time windows rather
 * than request counts so that neither start-up nor the tail of a run (fewer requests in flight) is counted.
 *
 * <p>Per image size, each side first runs for {@code --warmup-seconds} (JIT of every JVM, native kernels, buffer
 * pools), then for the measured window of {@code --seconds}: the engine alone as {@link EngineWindow} batches, the
 * fleet as {@link ClosedLoopClients}; a request counts if its result was downloaded inside the window, ms per image is
 * the window over the requests counted, and its latency runs from submit to downloaded PNG. CPU per image is each
 * fleet process's CPU time over the window divided by the requests counted. Tasks are keyed by model, so the fleet
 * side imports the same weights under one model per worker, each on its own partition ({@link PartitionSpread}), and
 * the clients go through them in turn. Each worker runs {@code --worker-threads} native threads.
 *
 * <p>The engine runs first, in this JVM, before any fleet starts, so the two never share the CPU. With {@code --pin}
 * (Linux, taskset) the worker gets CPU 1 to itself with one native thread, and so does the engine alone (then a
 * {@link PinnedEngineChild}); this JVM, the coordinator, the broker and the S3 server share CPU 0.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Fleet (1, 2, ... workers) vs engine-alone steady-state translation throughput and p50/p99 "
                + "latency over a timed window after a timed warm-up; one JSON line per result on stdout, text on "
                + "stderr.")
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

    @Option(names = "--workers", split = ",", defaultValue = "1",
            description = "Fleet runs, one per worker count (e.g. 1,2); each starts a fresh fleet "
                    + "(default ${DEFAULT-VALUE}).")
    int[] workers;

    @Option(names = "--worker-threads", defaultValue = "1",
            description = "Native threads per worker (OMP_NUM_THREADS); 1 on 2 cores leaves a core per worker "
                    + "(default ${DEFAULT-VALUE}).")
    int workerThreads;

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

    @Option(names = "--api", defaultValue = "async",
            description = "async (submit, await over SSE, download) or sync (one POST answered with the PNG) "
                    + "(default ${DEFAULT-VALUE}).")
    ClosedLoopClients.Api api;

    @Option(names = "--netG", defaultValue = GeneratorSpec.RESNET_9, description = "Generator (default ${DEFAULT-VALUE}).")
    String netG;

    @Option(names = "--ngf", defaultValue = "64", description = "Generator width (default ${DEFAULT-VALUE}).")
    int ngf;

    @Option(names = "--pin",
            description = "Linux (taskset), one worker only: the worker, and the engine alone (run in a child JVM), "
                    + "pinned to CPU 1 with one native thread; this JVM, the coordinator, the broker and the S3 "
                    + "server pinned to CPU 0. Models a worker with a core of its own.")
    boolean pin;

    /** The {@code --pin} engine child: runs only the engine part and prints one result line per size. */
    @Option(names = "--engine-only", hidden = true)
    boolean engineOnly;

    /** Fixed seeds: the pinned engine child regenerates the same weights and images as this JVM. */
    private static final long WEIGHTS_SEED_A = 1;
    private static final long WEIGHTS_SEED_B = 2;
    private static final long IMAGES_SEED = 11;
    private static final String MODEL_PREFIX = "bench";

    @Override
    public Integer call() throws Exception {
        validate();
        long t0 = System.nanoTime();
        if (pin && !engineOnly) {
            // first, so that every thread and child started from here on inherits CPU 0 (the worker and the engine
            // child are moved to CPU 1 by their own taskset prefix)
            CpuPinning.pinThisProcess("0");
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
            BenchReport report = new BenchReport(netG, ngf, batch, concurrency, api, warmupSeconds, seconds, pin);
            DemoCommand.log(t0, "model " + netG + " ngf " + ngf + " (random weights), " + images
                    + " images per size used cyclically; per size and side " + warmupSeconds + " s warm-up, then a "
                    + seconds + " s measured window; engine batch and worker max batch " + batch + ", fleet "
                    + concurrency + " requests in flight, " + workerThreads + " native thread(s) per worker, load "
                    + BenchReport.load() + (pin ? "; pinned: worker and engine alone on CPU 1 with OMP_NUM_THREADS=1,"
                    + " the rest on CPU 0" : ""));

            // the worker batches up to --batch images per poll, as the engine alone does
            LocalFleet.Options base = LocalFleet.Options.temporary(LocalFleet.repositoryRoot(),
                            LocalFleet.repositoryRoot().resolve(".cyclefleet/logs"), 1)
                    .withWorkerEnv(Map.of(ENV_TRANSLATE_MAX_BATCH, Integer.toString(batch),
                            "OMP_NUM_THREADS", Integer.toString(pin ? 1 : workerThreads)));
            List<BenchResult> engine = new ArrayList<>();
            if (pin && !engineOnly) {
                engine.addAll(PinnedEngineChild.run(base, engineChildArguments(), sizes.length));
                engine.forEach(r -> report.engine(r));
                base = base.withWorkerCommandPrefix(CpuPinning.prefix("1"));
            } else {
                // as many native threads as one worker, so the engine alone and a worker compare like for like
                NativeThreads.set(workerThreads);
                EngineWindow window = new EngineWindow(new Translator(gA), batch, Duration.ofSeconds(warmupSeconds),
                        Duration.ofSeconds(seconds));
                for (int i = 0; i < sizes.length; i++) {
                    engine.add(window.run(sizes[i], imagesPerSize.get(i)));
                    report.engine(engine.get(i));
                    if (engineOnly) {
                        System.out.println(PinnedEngineChild.RESULT_PREFIX + engine.get(i).toJson());
                    }
                }
                if (engineOnly) {
                    return 0;
                }
            }

            for (int n : workers) {
                DemoCommand.log(t0, "starting the fleet (" + n + " worker(s))");
                try (LocalFleet fleet = LocalFleet.start(base.withWorkers(n))) {
                    FleetClient client = new FleetClient(fleet.coordinatorUrl());
                    List<ClosedLoopClients.ModelRef> models = new ArrayList<>();
                    for (String id : PartitionSpread.modelIds(MODEL_PREFIX, n)) {
                        models.add(new ClosedLoopClients.ModelRef(id,
                                client.importWeights(id, zip, netG, ngf).path("version").asInt()));
                    }
                    for (int i = 0; i < sizes.length; i++) {
                        new FleetWindow(client, models, api, concurrency, Duration.ofSeconds(warmupSeconds),
                                Duration.ofSeconds(seconds)).run(sizes[i], imagesPerSize.get(i), n, engine.get(i),
                                report);
                    }
                }
            }
            DemoCommand.log(t0, "done, load " + BenchReport.load());
            return 0;
        } finally {
            Directories.deleteRecursively(work);
        }
    }

    private List<String> engineChildArguments() {
        return List.of("--sizes", String.join(",", Arrays.stream(sizes).mapToObj(Integer::toString).toList()),
                "--warmup-seconds", Integer.toString(warmupSeconds), "--seconds", Integer.toString(seconds),
                "--images", Integer.toString(images), "--batch", Integer.toString(batch),
                "--netG", netG, "--ngf", Integer.toString(ngf));
    }

    private void validate() {
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("--warmup-seconds must be >= 0");
        }
        if (seconds < 1 || images < 1 || batch < 1 || concurrency < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("--seconds, --images, --batch, --concurrency and --worker-threads "
                    + "must be >= 1");
        }
        for (int n : workers) {
            if (n < 1 || n > com.cyclefleet.protocol.topic.Topics.TRANSLATE_TASK_PARTITIONS) {
                throw new IllegalArgumentException("--workers takes counts 1.."
                        + com.cyclefleet.protocol.topic.Topics.TRANSLATE_TASK_PARTITIONS + ", was " + n);
            }
        }
        if (pin && Arrays.stream(workers).anyMatch(n -> n != 1)) {
            throw new IllegalArgumentException("--pin gives one worker CPU 1: use it with --workers 1");
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
}
