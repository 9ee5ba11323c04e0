package com.cyclefleet.coordinator.infra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A check of one dependency that answers within a deadline, whatever the dependency does, and whose answer is reused
 * for a short while. The check runs on its own thread: a client call that hangs (a half-open socket, a stopped
 * process) costs the caller at most the deadline, and while it still hangs no second call is started, so polling
 * readiness cannot pile up threads.
 */
public final class BoundedProbe implements AutoCloseable {

    /** A probe's answer: up, or down with why. */
    public record Result(boolean up, String detail, Instant at) {
    }

    private final String name;
    private final Callable<String> check;
    private final Duration timeout;
    private final Duration cacheFor;
    private final Clock clock;
    private final ExecutorService thread;
    private Result last;
    private Future<String> inFlight;

    /**
     * @param check returns a short description when the dependency answers, throws when it does not
     */
    BoundedProbe(String name, Callable<String> check, Duration timeout, Duration cacheFor, Clock clock) {
        this.name = name;
        this.check = check;
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.clock = clock;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cyclefleet-probe-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The cached answer if it is fresh, else a new one within the timeout. */
    synchronized Result result() {
        Instant now = clock.instant();
        if (last != null && !last.at().plus(cacheFor).isBefore(now)) {
            return last;
        }
        if (inFlight == null || inFlight.isDone()) {
            inFlight = thread.submit(check);
        }
        last = await(inFlight, now);
        return last;
    }

    private Result await(Future<String> call, Instant now) {
        try {
            return new Result(true, call.get(timeout.toMillis(), TimeUnit.MILLISECONDS), now);
        } catch (TimeoutException e) {
            return new Result(false, name + " did not answer within " + timeout.toMillis() + " ms", now);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Result(false, name + " unreachable: " + cause, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, name + " probe interrupted", now);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
