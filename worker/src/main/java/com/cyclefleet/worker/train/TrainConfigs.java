package com.cyclefleet.worker.train;

import com.cyclefleet.engine.data.ResizeMode;
import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.train.TrainConfig;
import com.cyclefleet.protocol.GanMode;
import com.cyclefleet.protocol.GeneratorArchitecture;
import com.cyclefleet.protocol.TrainingSpec;

import java.util.Locale;

/**
 * Maps the protocol's {@link TrainingSpec} to the engine's {@link TrainConfig}. Settings the protocol does not carry
 * (discriminator depth, Adam beta2 and epsilon, flipping, batch order) keep the engine's reference defaults.
 */
public final class TrainConfigs {

    private TrainConfigs() {
    }

    public static TrainConfig from(TrainingSpec spec) {
        TrainConfig reference = TrainConfig.defaults();
        return new TrainConfig(
                netG(spec.netG()),
                spec.ngf(),
                spec.ndf(),
                reference.discriminatorLayers(),
                ganMode(spec.ganMode()),
                spec.lambdaCycle(),
                spec.lambdaCycle(),
                spec.lambdaIdentity(),
                spec.poolSize(),
                spec.lr(),
                spec.beta1(),
                reference.beta2(),
                reference.adamEps(),
                spec.epochs(),
                spec.epochsDecay(),
                spec.batchSize(),
                spec.seed(),
                spec.loadSize(),
                spec.cropSize(),
                reference.flip(),
                resize(spec.nearestResizeA()),
                resize(spec.nearestResizeB()),
                reference.serialBatches());
    }

    static String netG(GeneratorArchitecture architecture) {
        return switch (architecture) {
            case RESNET_6BLOCKS -> GeneratorSpec.RESNET_6;
            case RESNET_9BLOCKS -> GeneratorSpec.RESNET_9;
        };
    }

    static String ganMode(GanMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private static String resize(boolean nearest) {
        return (nearest ? ResizeMode.NEAREST : ResizeMode.BICUBIC).name().toLowerCase(Locale.ROOT);
    }
}
