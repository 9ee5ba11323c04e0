package com.cyclefleet.engine.train;

import com.cyclefleet.formats.training.TrainingParameters;

import com.cyclefleet.engine.data.AugmentOptions;
import com.cyclefleet.engine.data.Batch;
import com.cyclefleet.engine.data.BatchSource;
import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.data.ImageTensors;
import com.cyclefleet.engine.util.Rng;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A CycleGAN training run: model, both optimisers, both pools, the data stream, the epoch schedule and the loss
 * history. Everything it holds is saved by {@link Checkpoint}, so a run can stop and resume bit for bit. It has no
 * global state: several trainers and translators may live in one process.
 */
public final class CycleGanTrainer {
    private final TrainingParameters config;
    private final CycleGanModel model;
    private final AdamOptimizer optG;
    private final AdamOptimizer optD;
    private final ImagePool poolFakeA;
    private final ImagePool poolFakeB;
    private final BatchSource data;
    private final CycleGanUpdate update;
    private final LinearDecaySchedule schedule;
    private final List<IterationLosses> history = new ArrayList<>();
    private final NativeMemoryReclaimer reclaimer = new NativeMemoryReclaimer();
    private long iteration;

    CycleGanTrainer(TrainingParameters config, UnalignedDataset dataset) {
        this(config, dataset, true);
    }

    /** @param initialise false when every state is about to be restored from a checkpoint: weights are not drawn */
    CycleGanTrainer(TrainingParameters config, UnalignedDataset dataset, boolean initialise) {
        this.config = config;
        Rng root = new Rng(config.seed());
        Rng weights = root.split();
        this.model = new CycleGanModel(config, initialise ? weights : null);
        this.optG = new AdamOptimizer(model.parameters(CycleGanModel.G_A, CycleGanModel.G_B), config.lr(),
                config.beta1(), config.beta2(), config.adamEps());
        this.optD = new AdamOptimizer(model.parameters(CycleGanModel.D_A, CycleGanModel.D_B), config.lr(),
                config.beta1(), config.beta2(), config.adamEps());
        this.poolFakeA = new ImagePool(config.poolSize(), root.split());
        this.poolFakeB = new ImagePool(config.poolSize(), root.split());
        this.data = new BatchSource(dataset, AugmentOptions.of(config), config.serialBatches(), root.nextLong());
        this.update = new CycleGanUpdate(model, optG, optD, poolFakeA, poolFakeB, config);
        this.schedule = new LinearDecaySchedule(config.lr(), config.epochs(), config.epochsDecay());
        applyLearningRate();
    }

    /** A fresh run with networks initialised from the config's seed. */
    public static CycleGanTrainer create(TrainingParameters config, UnalignedDataset dataset) {
        return new CycleGanTrainer(config, dataset);
    }

    public TrainingParameters config() {
        return config;
    }

    public CycleGanModel model() {
        return model;
    }

    AdamOptimizer optimizerG() {
        return optG;
    }

    AdamOptimizer optimizerD() {
        return optD;
    }

    ImagePool poolFakeA() {
        return poolFakeA;
    }

    ImagePool poolFakeB() {
        return poolFakeB;
    }

    BatchSource data() {
        return data;
    }

    public long iteration() {
        return iteration;
    }

    void setIteration(long iteration) {
        this.iteration = iteration;
        applyLearningRate();
    }

    /** Iterations per epoch: the reference's dataset length max(|A|,|B|) in batches, the last one possibly short. */
    public long iterationsPerEpoch() {
        return (data.epochSize() + config.batchSize() - 1) / config.batchSize();
    }

    public long totalIterations() {
        return iterationsPerEpoch() * schedule.totalEpochs();
    }

    /** 1-based epoch of the next iteration. */
    public int epoch() {
        return (int) (iteration / iterationsPerEpoch()) + 1;
    }

    public boolean finished() {
        return iteration >= totalIterations();
    }

    public double learningRate() {
        return optG.learningRate();
    }

    public List<IterationLosses> history() {
        return history;
    }

    void restoreHistory(List<IterationLosses> saved) {
        history.clear();
        history.addAll(saved);
    }

    private void applyLearningRate() {
        double lr = schedule.learningRate(Math.min(epoch(), Math.max(1, schedule.totalEpochs())));
        optG.setLearningRate(lr);
        optD.setLearningRate(lr);
    }

    private int nextBatchSize() {
        long inEpoch = iteration % iterationsPerEpoch();
        long remaining = data.epochSize() - inEpoch * config.batchSize();
        return (int) Math.min(config.batchSize(), remaining);
    }

    /** One training iteration on the next batch. */
    public IterationLosses step() {
        long start = System.nanoTime();
        int epoch = epoch();
        double lr = learningRate();
        int batchSize = nextBatchSize();
        Batch batch = data.next(batchSize);
        INDArray a = ImageTensors.stack(batch.a());
        INDArray b = ImageTensors.stack(batch.b());
        CycleGanUpdate.Result r = update.apply(a, b);
        iteration++;
        applyLearningRate();
        double millis = (System.nanoTime() - start) / 1e6;
        IterationLosses losses = new IterationLosses(iteration, epoch, lr, r.dA(), r.gA(), r.cycleA(), r.idtA(),
                r.dB(), r.gB(), r.cycleB(), r.idtB(), millis, batchSize);
        history.add(losses);
        reclaimer.afterIteration();
        return losses;
    }

    /**
     * Trains until {@code maxIterations} more iterations ran, the deadline passed, or the schedule ended.
     *
     * @return the number of iterations run
     */
    public int run(long maxIterations, Instant deadline, Consumer<IterationLosses> listener) {
        int done = 0;
        while (done < maxIterations && !finished() && (deadline == null || Instant.now().isBefore(deadline))) {
            IterationLosses l = step();
            done++;
            if (listener != null) {
                listener.accept(l);
            }
        }
        return done;
    }
}
