package com.cyclefleet.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * WorkerMain in a child JVM configured by environment variables, with one ND4J thread, so a test can stop it as a
 * platform does: {@link #terminate()} is SIGTERM and runs the worker's shutdown hook.
 */
final class ChildWorker implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildWorker(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildWorker start(WorkerConfig config, Map<String, String> extraEnv, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName()));
        builder.environment().putAll(config.toEnvironment());
        builder.environment().putAll(extraEnv);
        builder.environment().putAll(Map.of("OMP_NUM_THREADS", "1", "OMP_WAIT_POLICY", "PASSIVE"));
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ChildWorker(builder.start(), log);
    }

    static WorkerConfig config(String workerId, WorkerRole role, Path cacheDir) {
        return TestFleet.workerConfig(workerId, Set.of(role), cacheDir);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, then waits for the exit; returns the log. */
    String terminate(Duration timeout) throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("worker did not exit within " + timeout.toSeconds() + " s of SIGTERM: "
                    + log());
        }
        return log();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
