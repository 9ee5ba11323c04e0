package com.cyclefleet.engine.train;

import com.cyclefleet.engine.data.AugmentOptions;
import com.cyclefleet.engine.data.ResizeMode;
import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.nn.GanLoss;
import java.util.Locale;

/**
 * Every hyper-parameter of a CycleGAN run, with the reference defaults in {@link #defaults()}. Serialised into
 * checkpoints so that a resumed run continues with exactly the same settings.
 */
public record TrainConfig(
        String netG,
        int ngf,
        int ndf,
        int discriminatorLayers,
        String ganMode,
        double lambdaA,
        double lambdaB,
        double lambdaIdentity,
        int poolSize,
        double lr,
        double beta1,
        double beta2,
        double adamEps,
        int epochs,
        int epochsDecay,
        int batchSize,
        long seed,
        int loadSize,
        int cropSize,
        boolean flip,
        String resizeA,
        String resizeB,
        boolean serialBatches) {

    public static final int REFERENCE_WIDTH = 64;
    public static final double REFERENCE_LAMBDA = 10.0;
    public static final double REFERENCE_IDENTITY = 0.5;
    public static final int REFERENCE_POOL = 50;
    public static final double REFERENCE_LR = 2e-4;
    public static final double REFERENCE_BETA1 = 0.5;
    public static final double REFERENCE_BETA2 = 0.999;
    public static final double REFERENCE_ADAM_EPS = 1e-8;
    public static final int REFERENCE_EPOCHS = 100;

    public TrainConfig {
        new GeneratorSpec(netG, ngf);
        GanLoss.parse(ganMode);
        if (ndf <= 0) {
            throw new IllegalArgumentException("--ndf must be positive, got " + ndf);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        if (poolSize < 0) {
            throw new IllegalArgumentException("--pool-size must be >= 0, got " + poolSize);
        }
        if (lambdaA < 0 || lambdaB < 0 || lambdaIdentity < 0) {
            throw new IllegalArgumentException("--lambda-cycle and --lambda-identity must be >= 0");
        }
        if (epochs < 0 || epochsDecay < 0 || epochs + epochsDecay == 0) {
            throw new IllegalArgumentException("--epochs plus --epochs-decay must be at least 1");
        }
        if (cropSize % com.cyclefleet.engine.net.ResnetGenerator.SIZE_MULTIPLE != 0) {
            throw new IllegalArgumentException("--crop-size must be a multiple of 4, got " + cropSize);
        }
        augment(loadSize, cropSize, flip, resizeA, resizeB);
    }

    public static TrainConfig defaults() {
        return new TrainConfig(GeneratorSpec.RESNET_9, REFERENCE_WIDTH, REFERENCE_WIDTH, 3, "lsgan",
                REFERENCE_LAMBDA, REFERENCE_LAMBDA, REFERENCE_IDENTITY, REFERENCE_POOL, REFERENCE_LR, REFERENCE_BETA1,
                REFERENCE_BETA2, REFERENCE_ADAM_EPS, REFERENCE_EPOCHS, REFERENCE_EPOCHS, 1, 0L,
                AugmentOptions.REFERENCE_LOAD_SIZE, AugmentOptions.REFERENCE_CROP_SIZE, true, "bicubic", "bicubic",
                false);
    }

    private static AugmentOptions augment(int load, int crop, boolean flip, String a, String b) {
        return new AugmentOptions(load, crop, flip, resize(a, "--resize-a"), resize(b, "--resize-b"));
    }

    private static ResizeMode resize(String s, String option) {
        try {
            return ResizeMode.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(option + " must be bicubic or nearest, got '" + s + "'");
        }
    }

    public AugmentOptions augmentOptions() {
        return augment(loadSize, cropSize, flip, resizeA, resizeB);
    }

    public GeneratorSpec generatorSpec() {
        return new GeneratorSpec(netG, ngf);
    }

    public GanLoss ganLoss() {
        return GanLoss.parse(ganMode);
    }

    public LinearDecaySchedule schedule() {
        return new LinearDecaySchedule(lr, epochs, epochsDecay);
    }
}
