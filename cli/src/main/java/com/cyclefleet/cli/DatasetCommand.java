package com.cyclefleet.cli;

import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Dataset tools.",
        subcommands = {DatasetCommand.Synth.class})
final class DatasetCommand {

    @Command(name = "synth", mixinStandardHelpOptions = true,
            description = {"Writes a synthetic 'reverse segmentation' dataset: photo-like street scenes in trainA/ "
                    + "testA/, their label maps in trainB/ testB/, palette.json and pairs.json (test pairing)."})
    static final class Synth implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Output folder.")
        Path out;
        @Option(names = "--count", defaultValue = "100", description = "Training scenes (test: count/4, at least 1). Default ${DEFAULT-VALUE}.")
        int count;
        @Option(names = "--size", defaultValue = "64", description = "Image side in pixels. Default ${DEFAULT-VALUE}.")
        int size;
        @Option(names = "--seed", defaultValue = "0", description = "Random seed. Default ${DEFAULT-VALUE}.")
        long seed;

        @Override
        public Integer call() {
            long t0 = System.nanoTime();
            SyntheticDatasetWriter.write(out, count, size, seed);
            System.err.printf("wrote %d training scenes of %dx%d to %s in %.1f s%n", count, size, size, out,
                    (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }
}
