package com.cyclefleet.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server run as a child JVM (the Kafka broker, the S3 server): started and waited for until it answers, stopped
 * cleanly on close, killable as in a crash, restartable once it has ended. Subclasses say how to configure and probe
 * it; the start, ready and close sequence is here once.
 */
public abstract class ChildServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChildServer.class.getName());

    private final ChildProcess process;

    protected ChildServer(ChildProcess process) {
        this.process = process;
    }

    /**
     * Starts {@code command} in {@code workDir}, logging to {@code logFile}, and waits until {@code ready}; stops it
     * again when it does not become ready.
     *
     * @throws IllegalStateException if it exits or is not ready within {@code startTimeout}; the message quotes its log
     */
    protected static ChildProcess launch(String name, List<String> command, Path workDir, Path logFile,
                                         Duration stopGrace, BooleanSupplier ready, Duration startTimeout,
                                         String readyAt) {
        long started = System.nanoTime();
        ChildProcess process = ChildProcess.start(name, command, workDir, logFile, stopGrace);
        try {
            process.awaitReady(ready, startTimeout);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "{0} ready at {1} in {2} ms (data in {3})", name, readyAt,
                String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)), workDir);
        return process;
    }

    /** Throws unless this server's process has ended, so a restart never runs two on the same data. */
    protected final void requireEnded() {
        if (process.isAlive()) {
            throw new IllegalStateException("the " + process.name() + " (pid " + process.pid() + ") is still running");
        }
    }

    /** Kills the server at once (SIGKILL: no clean shutdown, as in a crash). */
    public final void kill() {
        process.kill();
    }

    /** The exit code once the server has ended; empty while it runs. */
    public final OptionalInt exitCode() {
        return process.exitCode();
    }

    public final Path logFile() {
        return process.logFile();
    }

    public final long pid() {
        return process.pid();
    }

    public final boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the server cleanly (SIGTERM, killing it after its grace period). Its data directory is kept. */
    @Override
    public final void close() {
        process.close();
    }
}
