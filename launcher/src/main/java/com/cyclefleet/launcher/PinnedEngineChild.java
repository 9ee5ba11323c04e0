package com.cyclefleet.launcher;

import com.cyclefleet.devstack.ChildProcess;
import com.cyclefleet.devstack.JavaCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench fleet --pin}'s engine alone: a child JVM pinned to CPU 1 with one native thread, with the worker's JVM
 * flags and heap, running {@code bench fleet --engine-only}; it regenerates the same weights and images (fixed seeds)
 * and hands back one {@link #RESULT_PREFIX} line per size on its output.
 */
final class PinnedEngineChild {

    static final String RESULT_PREFIX = "engine-result ";
    /** Far above the child's whole run (JVM start, weights, warm-up and window per size). */
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private PinnedEngineChild() {
    }

    /** Runs the child with the given {@code bench fleet} arguments and returns its results, one per size. */
    static List<BenchResult> run(LocalFleet.Options options, List<String> benchArguments, int expectedResults) {
        List<String> command = new ArrayList<>(CpuPinning.prefix("1"));
        List<String> javaArguments = new ArrayList<>(List.of("-Dcyclefleet.root=" + options.root(),
                "-cp", System.getProperty("java.class.path"), LauncherMain.class.getName(),
                "bench", "fleet", "--engine-only"));
        javaArguments.addAll(benchArguments);
        command.addAll(JavaCommand.of(options.workerHeap(), javaArguments));
        Path log = options.logDir().resolve("bench-engine.log");
        ChildProcess child = ChildProcess.start("engine alone (pinned)", command, Map.of("OMP_NUM_THREADS", "1"),
                options.root(), log, STOP_GRACE);
        int code = child.awaitExit(TIMEOUT);
        try {
            List<BenchResult> results = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith(RESULT_PREFIX)) {
                    results.add(BenchResult.fromJson(FleetClient.JSON.readTree(line.substring(RESULT_PREFIX.length()))));
                }
            }
            if (code != 0 || results.size() != expectedResults) {
                throw new IllegalStateException("the pinned engine run exited with code " + code + " and "
                        + results.size() + " of " + expectedResults + " results; see " + log);
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}
