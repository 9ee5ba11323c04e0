package com.cyclefleet.cli;

import com.cyclefleet.engine.bench.BenchConfig;
import com.cyclefleet.engine.bench.EngineBench;
import com.cyclefleet.engine.bench.NativeThreads;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks. Mode 'engine' (default): CycleGAN training and inference speed per config, "
                + "as JSON lines on stdout; progress and tables on stderr."})
final class BenchCommand implements Callable<Integer> {
    /** Modes: engine is this benchmark; fleet (issue 4) is to be added here. */
    static final String ENGINE = "engine";

    @Parameters(index = "0", arity = "0..1", defaultValue = ENGINE, paramLabel = "MODE",
            description = "engine (default).")
    String mode;
    @Option(names = "--config", defaultValue = "a", description = "s, a, b, c or all. Default ${DEFAULT-VALUE}.")
    String config;
    @Option(names = "--threads", description = "Native threads (default: the backend's default).")
    Integer threads;
    @Option(names = "--iterations", defaultValue = "10", description = "Timed repetitions per measurement, after "
            + "warm-up. Default ${DEFAULT-VALUE}.")
    int iterations;
    @Option(names = "--profile", description = "Also time every layer's forward and backward and print the profile.")
    boolean profile;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() {
        if (!ENGINE.equals(mode.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("bench mode must be " + ENGINE + ", got '" + mode + "'");
        }
        if (threads != null) {
            NativeThreads.set(threads);
        }
        new EngineBench(r -> {
            try {
                System.out.println(json.writeValueAsString(r));
                System.out.flush();
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }, System.err).run(BenchConfig.parse(config), new EngineBench.Options(iterations, profile));
        return 0;
    }
}
