package com.cyclefleet.engine.train;

import com.cyclefleet.formats.training.GanMode;
import com.cyclefleet.formats.training.GeneratorArchitecture;
import com.cyclefleet.formats.training.ResizeMode;
import com.cyclefleet.formats.training.TrainingParameters;

import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import java.nio.file.Path;

/** Small configurations and datasets that keep training tests fast on two cores. */
final class TinyRuns {
    static final int SIZE = 32;

    private TinyRuns() {
    }

    static Path dataset(Path dir, int count) {
        SyntheticDatasetWriter.write(dir, count, SIZE, 5L);
        return dir;
    }

    static TrainingParameters config(long seed, int batch, int poolSize) {
        return new TrainingParameters(GeneratorArchitecture.RESNET_6BLOCKS, 8, 8, 3, GanMode.LSGAN, 10, 10, 0.5, poolSize, 2e-4, 0.5, 0.999,
                1e-8, 100, 100, batch, seed, SIZE + 4, SIZE, true, ResizeMode.BICUBIC, ResizeMode.NEAREST, false);
    }
}
