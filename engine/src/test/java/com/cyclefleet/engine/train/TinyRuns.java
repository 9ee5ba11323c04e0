package com.cyclefleet.engine.train;

import com.cyclefleet.engine.net.GeneratorSpec;
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

    static TrainConfig config(long seed, int batch, int poolSize) {
        return new TrainConfig(GeneratorSpec.RESNET_6, 8, 8, 3, "lsgan", 10, 10, 0.5, poolSize, 2e-4, 0.5, 0.999,
                1e-8, 100, 100, batch, seed, SIZE + 4, SIZE, true, "bicubic", "nearest", false);
    }
}
