package com.cyclefleet.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server running in its own OS process, with its stdout and stderr in a log file. Stopping asks politely
 * (SIGTERM, so the server can shut down cleanly) and forces after a grace period. Every child is also stopped by a
 * JVM shutdown hook.
 */
public final class ChildProcess implements AutoCloseable {

    /** How often readiness is probed while a child starts. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    /** Lines of the child's log quoted in a startup error. */
    public static final int TAIL_LINES = 40;
    /** Bytes read from the end of the log to find those lines; enough for 40 long log lines. */
    private static final int TAIL_BYTES = 16 * 1024;

    private static final System.Logger LOG = System.getLogger(ChildProcess.class.getName());

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Duration stopGrace;

    private ChildProcess(String name, Process process, Path logFile, Duration stopGrace) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.stopGrace = stopGrace;
    }

    /**
     * Starts {@code command} in {@code workDir}, writing its output to {@code logFile} (replaced on each start).
     *
     * @param name      what the child is, for logs and errors
     * @param stopGrace how long {@link #close()} waits for a clean exit before killing it
     */
    public static ChildProcess start(String name, List<String> command, Path workDir, Path logFile,
                                     Duration stopGrace) {
        return start(name, command, Map.of(), workDir, logFile, stopGrace);
    }

    /**
     * Like {@link #start(String, List, Path, Path, Duration)}, with {@code extraEnvironment} added to (and
     * overriding) the variables the child inherits.
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> extraEnvironment,
                                     Path workDir, Path logFile, Duration stopGrace) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
            builder.environment().putAll(extraEnvironment);
            Process process = builder.start();
            ChildProcess child = new ChildProcess(name, process, logFile, stopGrace);
            ChildReaper.register(child);
            LOG.log(System.Logger.Level.INFO, "started {0} as pid {1}, log {2}", name, String.valueOf(process.pid()), logFile);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /**
     * Waits until {@code ready} returns true. Fails, stopping the child, if it exits first or the timeout passes;
     * the error quotes the end of the child's log.
     */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw failure(name + " exited with code " + process.exitValue() + " while starting");
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                close();
                throw failure(name + " was not ready within " + timeout.toSeconds() + " s");
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Waits for a short-lived child (a tool, not a server) to finish and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw failure(name + " did not finish within " + timeout.toSeconds() + " s");
            }
            ChildReaper.unregister(this);
            return process.exitValue();
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the child has ended (137 after SIGKILL, 143 after SIGTERM); empty while it runs. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the child's log, for error messages. */
    public String logTail() {
        return tail(logFile, TAIL_LINES);
    }

    /** Stops the child: SIGTERM, then SIGKILL after the grace period. Idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            signalStop();
            try {
                if (!process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "{0} (pid {1}) ignored SIGTERM for {2} s; killing it",
                            name, String.valueOf(process.pid()), String.valueOf(stopGrace.toSeconds()));
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            LOG.log(System.Logger.Level.INFO, "stopped {0} (pid {1})", name, String.valueOf(process.pid()));
        }
        ChildReaper.unregister(this);
    }

    /** Kills the child at once (SIGKILL, no shutdown hooks) and waits for it to be gone. Idempotent. */
    public void kill() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.log(System.Logger.Level.INFO, "killed {0} (pid {1})", name, String.valueOf(process.pid()));
        }
        ChildReaper.unregister(this);
    }

    /** Sends SIGTERM without waiting. */
    void signalStop() {
        process.destroy();
    }

    /** An error about this child that quotes the end of its log. */
    IllegalStateException failure(String what) {
        return new IllegalStateException(what + "; last lines of " + logFile + ":\n" + logTail());
    }

    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log written)";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child process", e);
        }
    }
}
