package com.cyclefleet.cli;

import com.cyclefleet.engine.infer.GeneratorBundle;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.io.Json;
import com.cyclefleet.engine.train.Checkpoint;
import com.cyclefleet.engine.train.CycleGanTrainer;
import com.cyclefleet.engine.train.IterationLosses;
import com.cyclefleet.engine.train.TorchWeightsFolder;
import com.cyclefleet.engine.train.TrainerSamples;
import com.cyclefleet.formats.training.GanMode;
import com.cyclefleet.formats.training.GeneratorArchitecture;
import com.cyclefleet.formats.training.ResizeMode;
import com.cyclefleet.formats.training.TrainingParameters;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = TrainingDefaults.class,
        description = {"Trains a CycleGAN on DIR/trainA and DIR/trainB (unpaired), exactly as the reference code does.",
                "Writes to --checkpoint-dir: latest.ckpt (exact-resume checkpoint), model.zip (both generators, for "
                        + "translate/eval), loss-history.jsonl (one JSON line per iteration) and samples/*.png "
                        + "(rows: real, fake, reconstructed for A and for B)."})
final class TrainCommand implements Callable<Integer> {
    static final String LATEST = "latest.ckpt";
    static final String MODEL = "model.zip";
    static final String HISTORY = "loss-history.jsonl";
    static final String SAMPLES = "samples";

    @Option(names = "--data", required = true, description = "Dataset folder containing trainA/ and trainB/.")
    Path data;
    @Option(names = "--netG", description = "resnet_6blocks or resnet_9blocks. Default ${DEFAULT-VALUE}.")
    String netG;
    @Option(names = "--ngf", description = "Generator width. Default ${DEFAULT-VALUE}.")
    int ngf;
    @Option(names = "--ndf", description = "Discriminator width. Default ${DEFAULT-VALUE}.")
    int ndf;
    @Option(names = "--load-size", description = "Resize to this before cropping; equal to --crop-size: neither. Default ${DEFAULT-VALUE}.")
    int loadSize;
    @Option(names = "--crop-size", description = "Random crop size (multiple of 4). Default ${DEFAULT-VALUE}.")
    int cropSize;
    @Option(names = "--epochs", description = "Epochs at the initial learning rate. Default ${DEFAULT-VALUE}.")
    int epochs;
    @Option(names = "--epochs-decay", description = "Epochs of linear decay to zero. Default ${DEFAULT-VALUE}.")
    int epochsDecay;
    @Option(names = "--lambda-cycle", description = "Cycle-consistency weight (lambda_A = lambda_B). Default ${DEFAULT-VALUE}.")
    double lambdaCycle;
    @Option(names = "--lambda-identity", description = "Identity weight, times lambda-cycle. Default ${DEFAULT-VALUE}.")
    double lambdaIdentity;
    @Option(names = "--pool-size", description = "Image pool size; 0: the discriminators see the newest fakes. Default ${DEFAULT-VALUE}.")
    int poolSize;
    @Option(names = "--gan-mode", description = "lsgan or vanilla. Default ${DEFAULT-VALUE}.")
    String ganMode;
    @Option(names = "--batch-size", description = "Images per iteration. Default ${DEFAULT-VALUE}.")
    int batchSize;
    @Option(names = "--lr", description = "Initial Adam learning rate. Default ${DEFAULT-VALUE}.")
    double lr;
    @Option(names = "--beta1", description = "Adam beta1. Default ${DEFAULT-VALUE}.")
    double beta1;
    @Option(names = "--no-flip", description = "Disable random horizontal flips.")
    boolean noFlip;
    @Option(names = "--resize-a", description = "bicubic or nearest resizing for domain A. Default ${DEFAULT-VALUE}.")
    String resizeA;
    @Option(names = "--resize-b", description = "bicubic or nearest (use nearest for label maps). Default ${DEFAULT-VALUE}.")
    String resizeB;
    @Option(names = "--serial-batches", description = "A[i] with B[i] in file-name order, instead of A shuffled and B at random.")
    boolean serialBatches;
    @Option(names = "--seed", description = "Seed for initialisation, data order, augmentation and pools. Default ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--checkpoint-dir", defaultValue = "checkpoints", description = "Where checkpoints, model, history and samples go. Default ${DEFAULT-VALUE}.")
    Path checkpointDir;
    @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "CKPT",
            description = "Resume exactly from CKPT (default: <checkpoint-dir>/latest.ckpt); hyper-parameter options are then taken from the checkpoint.")
    String resume;
    @Option(names = "--init-torch-weights", paramLabel = "DIR",
            description = "Start from reference weights: DIR/G_A, G_B and optionally D_A, D_B, each a folder of "
                    + "<state_dict key>.npy (as `export --torch-weights` writes). Absent discriminators are drawn "
                    + "fresh from --seed.")
    Path initTorchWeights;
    @Option(names = "--iterations", description = "Stop after this many iterations in this invocation (default: until the schedule ends).")
    Long iterations;
    @Option(names = "--print-every", defaultValue = "10", description = "Progress line every N iterations. Default ${DEFAULT-VALUE}.")
    int printEvery;
    @Option(names = "--save-every", defaultValue = "500", description = "Checkpoint every N iterations. Default ${DEFAULT-VALUE}.")
    int saveEvery;
    @Option(names = "--sample-every", defaultValue = "500", description = "Sample grid every N iterations. Default ${DEFAULT-VALUE}.")
    int sampleEvery;
    @Option(names = "--threads", description = "Native threads.")
    Integer threads;

    /** The options as the run's parameters; what the command line does not offer keeps the record's default. */
    TrainingParameters config() {
        TrainingParameters d = TrainingParameters.defaults();
        return new TrainingParameters(GeneratorArchitecture.parse(netG, "--netG"), ngf, ndf, d.discriminatorLayers(),
                GanMode.parse(ganMode, "--gan-mode"), lambdaCycle, lambdaCycle, lambdaIdentity, poolSize, lr, beta1,
                d.beta2(), d.adamEps(), epochs, epochsDecay, batchSize, seed, loadSize, cropSize, !noFlip,
                ResizeMode.parse(resizeA, "--resize-a"), ResizeMode.parse(resizeB, "--resize-b"), serialBatches);
    }

    @Override
    public Integer call() throws IOException {
        Threads.apply(threads);
        for (int every : new int[]{printEvery, saveEvery, sampleEvery}) {
            if (every < 1) {
                throw new IllegalArgumentException("--print-every, --save-every and --sample-every must be >= 1");
            }
        }
        if (resume != null && initTorchWeights != null) {
            throw new IllegalArgumentException(
                    "--init-torch-weights starts a new run; it cannot be combined with --resume");
        }
        // options are checked before the dataset is touched, so a typo fails fast
        TrainingParameters fresh = resume == null ? config() : null;
        UnalignedDataset ds = UnalignedDataset.open(data);
        CycleGanTrainer t;
        if (resume != null) {
            Path ckpt = resume.isEmpty() ? checkpointDir.resolve(LATEST) : Path.of(resume);
            t = Checkpoint.load(ckpt, ds);
            System.err.printf("resumed from %s at iteration %d (epoch %d)%n", ckpt, t.iteration(), t.epoch());
        } else {
            t = CycleGanTrainer.create(fresh, ds);
            if (initTorchWeights != null) {
                initFromTorchWeights(t);
            }
        }
        Files.createDirectories(checkpointDir.resolve(SAMPLES));
        rewriteHistory(t);
        System.err.printf("training %s ngf %d on |A|=%d |B|=%d: %d iterations per epoch, %d in all%n",
                t.config().netG().wireName(), t.config().ngf(), ds.a().size(), ds.b().size(), t.iterationsPerEpoch(),
                t.totalIterations());
        long limit = iterations == null ? Long.MAX_VALUE : iterations;
        Progress progress = new Progress(t);
        try (Writer history = Files.newBufferedWriter(checkpointDir.resolve(HISTORY), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            t.run(limit, null, l -> {
                append(history, l);
                if (l.iteration() % printEvery == 0 || t.finished()) {
                    System.err.println(progress.line(l));
                }
                if (l.iteration() % saveEvery == 0) {
                    save(t);
                }
                if (l.iteration() % sampleEvery == 0) {
                    writeSample(t);
                }
            });
        }
        save(t);
        writeSample(t);
        System.err.printf("saved %s and %s at iteration %d%s%n", checkpointDir.resolve(LATEST),
                checkpointDir.resolve(MODEL), t.iteration(), t.finished() ? " (schedule complete)" : "");
        return 0;
    }

    private void initFromTorchWeights(CycleGanTrainer t) {
        List<String> absent = TorchWeightsFolder.load(t.model(), initTorchWeights);
        System.err.printf("initialised from reference weights in %s%s%n", initTorchWeights, absent.isEmpty() ? ""
                : String.format(" (no %s/ there: fresh %s drawn from --seed %d)", String.join("/ ", absent),
                absent.size() == 1 ? "discriminator" : "discriminators", t.config().seed()));
    }

    private void writeSample(CycleGanTrainer t) {
        ImageCodec.write(TrainerSamples.grid(t),
                checkpointDir.resolve(SAMPLES).resolve(String.format("iter-%08d.png", t.iteration())));
    }

    private void save(CycleGanTrainer t) {
        Checkpoint.save(t, checkpointDir.resolve(LATEST));
        GeneratorBundle.of(t).write(checkpointDir.resolve(MODEL), t.iteration());
    }

    private void rewriteHistory(CycleGanTrainer t) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (IterationLosses l : t.history()) {
            sb.append(Json.MAPPER.writeValueAsString(l)).append('\n');
        }
        Files.writeString(checkpointDir.resolve(HISTORY), sb.toString());
    }

    private static void append(Writer w, IterationLosses l) {
        try {
            w.write(Json.MAPPER.writeValueAsString(l));
            w.write('\n');
            w.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Formats one operator-readable progress line with throughput and ETA. */
    static final class Progress {
        private final CycleGanTrainer trainer;
        private final long startIteration;
        private final long startNanos = System.nanoTime();

        Progress(CycleGanTrainer trainer) {
            this.trainer = trainer;
            this.startIteration = trainer.iteration();
        }

        String line(IterationLosses l) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long done = l.iteration() - startIteration;
            double itPerSec = done / Math.max(seconds, 1e-9);
            double imagesPerSec = itPerSec * trainer.config().batchSize();
            long left = trainer.totalIterations() - l.iteration();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "iter %d/%d epoch %d lr %.3e",
                    l.iteration(), trainer.totalIterations(), l.epoch(), l.lr()));
            for (Map.Entry<String, Double> e : l.byName().entrySet()) {
                sb.append(String.format(Locale.ROOT, " %s %.4f", e.getKey(), e.getValue()));
            }
            sb.append(String.format(Locale.ROOT, " | %.0f ms/it %.2f img/s ETA %s", l.millis(), imagesPerSec,
                    eta(left / Math.max(itPerSec, 1e-9))));
            return sb.toString();
        }

        private static String eta(double seconds) {
            long s = (long) seconds;
            return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s / 60) % 60, s % 60);
        }
    }
}
