package com.cyclefleet.launcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Restarts the fleet's children when they die, with {@link RestartBackoff}, and reports each action as one line
 * (what died, its exit code, when it restarts, how the restart went). Children are checked in the order given, so
 * list the broker and the S3 server before what depends on them: after a shared cause kills several, the
 * infrastructure comes back first.
 *
 * <p>A deliberate stop ({@link #close()}, or the JVM shutting down on Ctrl-C, which also stops the children) ends
 * supervision first, so nothing is restarted on the way out.
 */
final class Supervisor implements AutoCloseable {

    /**
     * One supervised child.
     *
     * @param name     what it is, for the report lines (e.g. {@code worker local-worker-0})
     * @param alive    whether it runs now
     * @param exitCode its exit code once ended
     * @param restart  starts it again and waits until it is ready; throws when it cannot
     */
    record Child(String name, BooleanSupplier alive, Supplier<OptionalInt> exitCode, Runnable restart) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final List<Watched> children = new ArrayList<>();
    private final RestartBackoff backoff;
    private final Duration pollInterval;
    private final Consumer<String> report;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean stopping;

    private static final class Watched {
        final Child child;
        Instant startedAt;
        Duration lastDelay;
        Instant restartAt;
        int restarts;

        Watched(Child child, Instant startedAt) {
            this.child = child;
            this.startedAt = startedAt;
        }
    }

    /**
     * @param pollInterval how often each child is checked: a death is noticed within this
     * @param report       where the action lines go (stderr for {@code up})
     */
    Supervisor(List<Child> children, RestartBackoff backoff, Duration pollInterval, Consumer<String> report,
               Clock clock) {
        Instant now = clock.instant();
        for (Child c : children) {
            this.children.add(new Watched(c, now));
        }
        this.backoff = backoff;
        this.pollInterval = pollInterval;
        this.report = report;
        this.clock = clock;
        this.thread = new Thread(this::run, "cyclefleet-supervisor");
        this.thread.setDaemon(true);
    }

    Supervisor start() {
        thread.start();
        return this;
    }

    /** How many times the named child has been restarted. */
    synchronized int restarts(String name) {
        return children.stream().filter(w -> w.child.name().equals(name)).mapToInt(w -> w.restarts).sum();
    }

    private void run() {
        while (!stopped()) {
            for (Watched w : children) {
                if (stopped()) {
                    return;
                }
                try {
                    check(w);
                } catch (RuntimeException e) {
                    // one child's odd state must not end the supervision of all the others
                    report.accept("cannot check " + w.child.name() + ": " + firstLine(e));
                }
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void check(Watched w) {
        if (w.child.alive().getAsBoolean()) {
            return;
        }
        Instant now = clock.instant();
        if (w.restartAt == null) {
            Duration ranFor = Duration.between(w.startedAt, now);
            w.lastDelay = backoff.next(w.lastDelay, ranFor);
            w.restartAt = now.plus(w.lastDelay);
            OptionalInt code = w.child.exitCode().get();
            report.accept(w.child.name() + " died" + (code.isPresent() ? " with exit code " + code.getAsInt() : "")
                    + " after running " + seconds(ranFor) + "; restarting at " + time(w.restartAt) + " (in "
                    + seconds(w.lastDelay) + ")");
            return;
        }
        if (now.isBefore(w.restartAt)) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            w.child.restart().run();
            synchronized (this) {
                w.restarts++;
            }
            w.startedAt = clock.instant();
            w.restartAt = null;
            report.accept(w.child.name() + " restarted (restart " + w.restarts + ") and ready in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            if (stopped()) {
                return;
            }
            // count the failed start as a short run, so the delay keeps doubling
            w.startedAt = clock.instant();
            w.lastDelay = backoff.next(w.lastDelay, Duration.ZERO);
            w.restartAt = clock.instant().plus(w.lastDelay);
            report.accept(w.child.name() + " did not restart (" + firstLine(e) + "); next attempt at "
                    + time(w.restartAt) + " (in " + seconds(w.lastDelay) + ")");
        }
    }

    /** Stopped deliberately, or the JVM is shutting down (its hooks stop the children). */
    private boolean stopped() {
        return stopping || shuttingDown();
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            // refused once shutdown has begun: the one portable way to ask whether it has
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private String time(Instant at) {
        return LocalTime.ofInstant(at, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS).format(TIME);
    }

    private static String seconds(Duration d) {
        return d.toMillis() < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
                : d.toSeconds() + " s";
    }

    private static String firstLine(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Ends supervision (waiting for a restart under way to finish), so the children can be stopped for good. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
