package com.cyclefleet.protocol;

/**
 * The engine's training hyper-parameters, as they travel inside a job. Names follow the engine's options; the
 * reference implementation's flag is given where it differs.
 *
 * @param netG           generator architecture ({@code --netG})
 * @param ngf            generator filters in the first convolution
 * @param ndf            discriminator filters in the first convolution
 * @param ganMode        adversarial loss ({@code --gan_mode})
 * @param lambdaCycle    weight of the cycle-consistency loss ({@code --lambda_A}, {@code --lambda_B})
 * @param lambdaIdentity weight of the identity loss as a fraction of {@code lambdaCycle} ({@code --lambda_identity})
 * @param poolSize       fake-image pool size per direction; 0 disables the pool
 * @param loadSize       side the training images are resized to before cropping
 * @param cropSize       side of the random training crop
 * @param epochs         epochs at the initial learning rate ({@code --n_epochs})
 * @param epochsDecay    epochs of linear decay to zero ({@code --n_epochs_decay})
 * @param batchSize      images per iteration
 * @param seed           seed of weight initialisation, data order and augmentation
 * @param lr             initial Adam learning rate
 * @param beta1          Adam beta1
 * @param nearestResizeA resize domain A with nearest-neighbour (for label maps) instead of bicubic
 * @param nearestResizeB resize domain B with nearest-neighbour instead of bicubic
 * @param totalIterations iterations the whole job runs; the job is done when a chunk reaches it
 * @param sampleEvery    write a sample grid every this many iterations
 */
public record TrainingSpec(
        GeneratorArchitecture netG,
        int ngf,
        int ndf,
        GanMode ganMode,
        double lambdaCycle,
        double lambdaIdentity,
        int poolSize,
        int loadSize,
        int cropSize,
        int epochs,
        int epochsDecay,
        int batchSize,
        long seed,
        double lr,
        double beta1,
        boolean nearestResizeA,
        boolean nearestResizeB,
        long totalIterations,
        int sampleEvery) {

    public TrainingSpec {
        Require.present(netG, "netG");
        Require.atLeast(ngf, 1, "ngf");
        Require.atLeast(ndf, 1, "ndf");
        Require.present(ganMode, "ganMode");
        Require.atLeast(lambdaCycle, 0.0, "lambdaCycle");
        Require.atLeast(lambdaIdentity, 0.0, "lambdaIdentity");
        Require.atLeast(poolSize, 0, "poolSize");
        Require.atLeast(cropSize, 1, "cropSize");
        Require.atLeast(loadSize, cropSize, "loadSize");
        Require.atLeast(epochs, 0, "epochs");
        Require.atLeast(epochsDecay, 0, "epochsDecay");
        Require.atLeast(batchSize, 1, "batchSize");
        Require.atLeast(lr, 0.0, "lr");
        Require.atLeast(beta1, 0.0, "beta1");
        Require.atLeast(totalIterations, 1, "totalIterations");
        Require.atLeast(sampleEvery, 1, "sampleEvery");
    }
}
