package com.cyclefleet.engine.bench;

import com.cyclefleet.formats.training.TrainingParameters;

import com.cyclefleet.engine.train.AdamOptimizer;
import com.cyclefleet.engine.train.CycleGanModel;
import com.cyclefleet.engine.train.CycleGanUpdate;
import com.cyclefleet.engine.train.ImagePool;
import com.cyclefleet.engine.train.NativeMemoryReclaimer;

import com.cyclefleet.engine.util.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What CycleGanTrainer.step() does per iteration (reference update, both optimisers and pools, the same native
 * memory reclaiming), on synthetic images instead of a dataset: a benchmark needs shapes, not pictures.
 */
final class TrainingHarness {
    private static final int SYNTHETIC_PAIRS = 4;
    private static final int DISCRIMINATOR_LAYERS = 3;
    private static final long SEED = 1;

    private final CycleGanModel model;
    private final CycleGanUpdate update;
    private final NativeMemoryReclaimer reclaimer = new NativeMemoryReclaimer();
    private final INDArray[] imagesA = new INDArray[SYNTHETIC_PAIRS];
    private final INDArray[] imagesB = new INDArray[SYNTHETIC_PAIRS];
    private int next;
    private long lastReclaimNanos;

    TrainingHarness(BenchConfig c) {
        TrainingParameters cfg = config(c);
        Rng root = new Rng(cfg.seed());
        this.model = new CycleGanModel(cfg, root.split());
        AdamOptimizer optG = new AdamOptimizer(model.parameters(CycleGanModel.G_A, CycleGanModel.G_B), cfg.lr(),
                cfg.beta1(), cfg.beta2(), cfg.adamEps());
        AdamOptimizer optD = new AdamOptimizer(model.parameters(CycleGanModel.D_A, CycleGanModel.D_B), cfg.lr(),
                cfg.beta1(), cfg.beta2(), cfg.adamEps());
        ImagePool poolA = new ImagePool(cfg.poolSize(), root.split());
        ImagePool poolB = new ImagePool(cfg.poolSize(), root.split());
        this.update = new CycleGanUpdate(model, optG, optD, poolA, poolB, cfg);
        Nd4j.getRandom().setSeed(SEED);
        for (int i = 0; i < SYNTHETIC_PAIRS; i++) {
            imagesA[i] = image(1, c.size());
            imagesB[i] = image(1, c.size());
        }
    }

    /** Reference hyper-parameters (lsgan, lambda 10, identity 0.5, pool 50, Adam 2e-4/0.5) at the config's size. */
    static TrainingParameters config(BenchConfig c) {
        TrainingParameters d = TrainingParameters.defaults();
        return new TrainingParameters(c.netG(), c.ngf(), c.ndf(), DISCRIMINATOR_LAYERS, d.ganMode(), d.lambdaA(),
                d.lambdaB(), d.lambdaIdentity(), d.poolSize(), d.lr(), d.beta1(), d.beta2(), d.adamEps(), d.epochs(),
                d.epochsDecay(), 1, SEED, c.size(), c.size(), false, d.resizeA(), d.resizeB(), false);
    }

    /** Uniform in [-1, 1], the range of normalised images. */
    static INDArray image(int batch, int size) {
        return Nd4j.rand(DataType.FLOAT, batch, 3, size, size).muli(2).subi(1);
    }

    CycleGanModel model() {
        return model;
    }

    /** One training iteration including the per-iteration memory reclaiming, as the trainer does it. */
    void step() {
        int i = next++ % SYNTHETIC_PAIRS;
        update.apply(imagesA[i], imagesB[i]);
        long start = System.nanoTime();
        reclaimer.afterIteration();
        lastReclaimNanos = System.nanoTime() - start;
    }

    long lastReclaimNanos() {
        return lastReclaimNanos;
    }
}
