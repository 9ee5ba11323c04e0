package com.cyclefleet.formats.training;

/**
 * Every hyper-parameter of a CycleGAN run: the one record the command line, the REST API, the task messages, the
 * worker and the engine share, with the one set of defaults in {@link #defaults()} and the one set of ranges in its
 * constructor. Serialised as is (these field names) into checkpoints and task messages, so that a resumed run
 * continues with exactly the same settings; {@code docs/training-parameters.md} lists every field.
 *
 * @param netG                generator architecture ({@code --netG})
 * @param ngf                 generator filters in the first convolution
 * @param ndf                 discriminator filters in the first convolution
 * @param discriminatorLayers strided convolutions of the PatchGAN discriminator ({@code --n_layers_D})
 * @param ganMode             adversarial loss ({@code --gan_mode})
 * @param lambdaA             weight of the A-to-B-to-A cycle loss ({@code --lambda_A})
 * @param lambdaB             weight of the B-to-A-to-B cycle loss ({@code --lambda_B})
 * @param lambdaIdentity      weight of the identity loss as a fraction of the cycle weight ({@code --lambda_identity})
 * @param poolSize            fake-image pool size per direction; 0 disables the pool
 * @param lr                  initial Adam learning rate
 * @param beta1               Adam beta1
 * @param beta2               Adam beta2
 * @param adamEps             Adam epsilon
 * @param epochs              epochs at the initial learning rate ({@code --n_epochs})
 * @param epochsDecay         epochs of linear decay to zero ({@code --n_epochs_decay})
 * @param batchSize           images per iteration
 * @param seed                seed of weight initialisation, data order, augmentation and pools
 * @param loadSize            side the training images are resized to before cropping
 * @param cropSize            side of the random training crop
 * @param flip                mirror training images horizontally with probability 0.5
 * @param resizeA             how domain A is resized
 * @param resizeB             how domain B is resized (nearest for label maps)
 * @param serialBatches       pair A[i] with B[i] in file-name order instead of shuffling
 */
public record TrainingParameters(
        GeneratorArchitecture netG,
        int ngf,
        int ndf,
        int discriminatorLayers,
        GanMode ganMode,
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
        ResizeMode resizeA,
        ResizeMode resizeB,
        boolean serialBatches) {

    /** Generator and discriminator widths; 256 already needs gigabytes per network. */
    public static final int MAX_FILTERS = 256;
    /** Deeper than this and a 256 crop has no patch left for the discriminator to judge. */
    public static final int MAX_DISCRIMINATOR_LAYERS = 6;
    /** Crops are multiples of this: the generator down-samples twice by 2. */
    public static final int SIZE_MULTIPLE = 4;
    public static final int MAX_BATCH_SIZE = 64;
    public static final int MAX_POOL_SIZE = 1000;
    public static final int MAX_EPOCHS = 100_000;
    public static final double MAX_LAMBDA = 1000.0;

    public TrainingParameters {
        present(netG, "netG");
        range(ngf, 1, MAX_FILTERS, "ngf");
        range(ndf, 1, MAX_FILTERS, "ndf");
        range(discriminatorLayers, 1, MAX_DISCRIMINATOR_LAYERS, "discriminatorLayers");
        present(ganMode, "ganMode");
        range(lambdaA, 0, MAX_LAMBDA, "lambdaA");
        range(lambdaB, 0, MAX_LAMBDA, "lambdaB");
        range(lambdaIdentity, 0, MAX_LAMBDA, "lambdaIdentity");
        range(poolSize, 0, MAX_POOL_SIZE, "poolSize");
        if (!(lr > 0 && lr <= 1)) {
            throw new IllegalArgumentException("lr must be in (0, 1], was " + lr);
        }
        fraction(beta1, "beta1");
        fraction(beta2, "beta2");
        if (!(adamEps > 0 && adamEps <= 1)) {
            throw new IllegalArgumentException("adamEps must be in (0, 1], was " + adamEps);
        }
        range(epochs, 0, MAX_EPOCHS, "epochs");
        range(epochsDecay, 0, MAX_EPOCHS, "epochsDecay");
        if (epochs + epochsDecay < 1) {
            throw new IllegalArgumentException("epochs plus epochsDecay must be at least 1");
        }
        range(batchSize, 1, MAX_BATCH_SIZE, "batchSize");
        atLeast(cropSize, SIZE_MULTIPLE, "cropSize");
        atLeast(loadSize, cropSize, "loadSize");
        if (cropSize % SIZE_MULTIPLE != 0) {
            throw new IllegalArgumentException("cropSize must be a multiple of " + SIZE_MULTIPLE
                    + " (the generator down-samples twice by 2), was " + cropSize);
        }
        present(resizeA, "resizeA");
        present(resizeB, "resizeB");
    }

    /** The reference implementation's defaults (its 256x256 settings), seed 0. */
    public static TrainingParameters defaults() {
        return new TrainingParameters(GeneratorArchitecture.RESNET_9BLOCKS, 64, 64, 3, GanMode.LSGAN, 10.0, 10.0,
                0.5, 50, 2e-4, 0.5, 0.999, 1e-8, 100, 100, 1, 0L, 286, 256, true, ResizeMode.BICUBIC,
                ResizeMode.BICUBIC, false);
    }

    private static void present(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    /** Below the minimum says "at least" alone: the maximum is no help to someone who sent 0. */
    private static void range(long value, long min, long max, String field) {
        atLeast(value, min, field);
        if (value > max) {
            throw new IllegalArgumentException(field + " must be in " + min + ".." + max + ", was " + value);
        }
    }

    private static void atLeast(long value, long min, String field) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", was " + value);
        }
    }

    private static void range(double value, double min, double max, String field) {
        if (!(value >= min)) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", was " + value);
        }
        if (!(value <= max)) {
            throw new IllegalArgumentException(field + " must be in " + min + ".." + max + ", was " + value);
        }
    }

    private static void fraction(double value, String field) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1), was " + value);
        }
    }
}
