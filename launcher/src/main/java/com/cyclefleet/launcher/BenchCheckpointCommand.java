package com.cyclefleet.launcher;

import com.cyclefleet.devstack.Directories;
import com.cyclefleet.devstack.EmbeddedFleet;
import com.cyclefleet.engine.bench.BenchConfig;
import com.cyclefleet.engine.bench.NativeThreads;
import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.engine.train.Checkpoint;
import com.cyclefleet.engine.train.CycleGanTrainer;
import com.cyclefleet.formats.training.TrainingParameters;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.ObjectStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What a preemption checkpoint costs: on SIGTERM a train worker ends its chunk at the next iteration, encodes the
 * trainer ({@link Checkpoint#toBytes}: weights, Adam moments, pools, data order) and puts it to S3 before it commits.
 * This times those two steps per bench config on a trainer that has run one iteration (so the Adam moments exist),
 * against the local s3proxy, and also times one iteration, the other part of the stop.
 */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Preemption checkpoint write time per bench config (encode + S3 put), with one training "
                + "iteration's time; one JSON line per config on stdout, text on stderr.")
final class BenchCheckpointCommand implements Callable<Integer> {

    private static final String CHECKPOINT_TYPE = "application/zip";
    /** Enough images for a dataset; a checkpoint's size does not depend on their number. */
    private static final int IMAGES = 4;
    private static final long SEED = 1;

    @Option(names = "--configs", split = ",", defaultValue = "a,b,c",
            description = "Bench configs (s, a, b, c) (default ${DEFAULT-VALUE}).")
    String[] configs;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed writes per config (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--threads", defaultValue = "1",
            description = "Native threads, as one worker on 2 cores (default ${DEFAULT-VALUE}).")
    int threads;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be at least 1, was " + repeats);
        }
        NativeThreads.set(threads);
        Path work = Files.createTempDirectory("cyclefleet-bench-checkpoint-");
        try (EmbeddedFleet infra = EmbeddedFleet.startTemporary();
             ObjectStore store = ObjectStore.connect(infra.storageConfig())) {
            for (String name : configs) {
                for (BenchConfig c : BenchConfig.parse(name)) {
                    print(measure(c, work, store));
                }
            }
        } finally {
            Directories.deleteRecursively(work);
        }
        return 0;
    }

    private Map<String, Object> measure(BenchConfig c, Path work, ObjectStore store) {
        Path data = work.resolve(c.name());
        SyntheticDatasetWriter.write(data, IMAGES, c.size(), SEED);
        CycleGanTrainer trainer = CycleGanTrainer.create(config(c), UnalignedDataset.open(data));
        long t0 = System.nanoTime();
        trainer.step();
        double iterationMs = (System.nanoTime() - t0) / 1e6;
        String key = ObjectLayout.checkpoint("bench-" + c.name(), trainer.iteration());
        List<Double> encodeMs = new ArrayList<>();
        List<Double> putMs = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < repeats; i++) {
            long a = System.nanoTime();
            byte[] checkpoint = Checkpoint.toBytes(trainer);
            long b = System.nanoTime();
            store.put(key, checkpoint, CHECKPOINT_TYPE);
            long e = System.nanoTime();
            bytes = checkpoint.length;
            encodeMs.add((b - a) / 1e6);
            putMs.add((e - b) / 1e6);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bench", "checkpoint");
        r.put("config", c.name());
        r.put("model", c.describe());
        r.put("threads", threads);
        r.put("checkpointBytes", bytes);
        r.put("firstIterationMs", round(iterationMs));
        r.put("encodeMs", encodeMs.stream().map(BenchCheckpointCommand::round).toList());
        r.put("putMs", putMs.stream().map(BenchCheckpointCommand::round).toList());
        double worst = 0;
        for (int i = 0; i < repeats; i++) {
            worst = Math.max(worst, encodeMs.get(i) + putMs.get(i));
        }
        r.put("worstWriteMs", round(worst));
        System.err.printf(Locale.ROOT, "config %s (%s): checkpoint %.1f MB, encode %s ms, S3 put %s ms, worst "
                        + "write %.0f ms; first iteration %.0f ms%n", c.name(), c.describe(), bytes / 1e6,
                Arrays.toString(encodeMs.stream().mapToLong(Math::round).toArray()),
                Arrays.toString(putMs.stream().mapToLong(Math::round).toArray()), worst, iterationMs);
        return r;
    }

    /** The reference hyper-parameters at the config's networks and size (as the engine bench trains). */
    private static TrainingParameters config(BenchConfig c) {
        TrainingParameters d = TrainingParameters.defaults();
        return new TrainingParameters(c.netG(), c.ngf(), c.ndf(), d.discriminatorLayers(), d.ganMode(), d.lambdaA(),
                d.lambdaB(), d.lambdaIdentity(), d.poolSize(), d.lr(), d.beta1(), d.beta2(), d.adamEps(), d.epochs(),
                d.epochsDecay(), 1, SEED, c.size(), c.size(), false, d.resizeA(), d.resizeB(), false);
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }

    private void print(Map<String, Object> r) {
        try {
            System.out.println(json.writeValueAsString(r));
            System.out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
