package com.cyclefleet.launcher.scale;

import com.cyclefleet.protocol.scaling.ScalingPolicy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * {@code up --autoscale}: each pool on its own thread reads its group's lag every polling interval, asks its
 * {@link PoolScaler}, and applies the decision by starting or stopping (SIGTERM) worker processes. Each decision is
 * reported as one line with the lag that caused it and published for the coordinator's fleet view. One thread per
 * pool, because starting a worker JVM takes seconds and must not delay the other pool's readings.
 */
public final class Autoscaler implements AutoCloseable {

    /** How long one lag reading or one publication may take before that reading is skipped. */
    public static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    private final Map<ScalingPolicy, WorkerPool> pools;
    private final LagProbe probe;
    private final DecisionPublisher publisher;
    private final Consumer<String> report;
    private final Clock clock;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Decision> decisions = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    /** @param report where the decision lines go (stderr for {@code up}) */
    public Autoscaler(Map<ScalingPolicy, WorkerPool> pools, String bootstrap, Consumer<String> report, Clock clock) {
        this.pools = Map.copyOf(pools);
        this.probe = new LagProbe(bootstrap, KAFKA_TIMEOUT);
        this.publisher = new DecisionPublisher(bootstrap, KAFKA_TIMEOUT);
        this.report = report;
        this.clock = clock;
    }

    public Autoscaler start() {
        pools.forEach((policy, pool) -> {
            Thread t = new Thread(() -> run(new PoolScaler(policy), pool), "cyclefleet-autoscaler-" + policy.pool());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        });
        return this;
    }

    /** Every decision taken so far, oldest first. */
    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    private void run(PoolScaler scaler, WorkerPool pool) {
        ScalingPolicy policy = scaler.policy();
        while (!stopping) {
            try {
                tick(scaler, pool);
            } catch (RuntimeException e) {
                // a broker that is down for a while or a worker that cannot start must not end autoscaling
                report.accept("autoscaler " + policy.pool() + ": " + e.getMessage());
            }
            try {
                Thread.sleep(policy.pollingInterval().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void tick(PoolScaler scaler, WorkerPool pool) {
        ScalingPolicy policy = scaler.policy();
        GroupLag lag = probe.read(policy.group(), policy.topic());
        int current = pool.size();
        Optional<Decision> next = scaler.next(clock.instant(), lag, current);
        if (next.isEmpty() || stopping) {
            return;
        }
        Decision d = next.get();
        decisions.add(d);
        report.accept("autoscaler: " + d.line());
        try {
            publisher.publish(d);
        } catch (IllegalStateException e) {
            // the fleet view misses one line; the decision itself still applies
            report.accept("autoscaler " + policy.pool() + ": " + e.getMessage());
        }
        long t0 = System.nanoTime();
        for (int n = current; n < d.to() && !stopping; n++) {
            pool.add();
        }
        for (int n = current; n > d.to() && !stopping; n--) {
            pool.remove();
        }
        scaler.applied(clock.instant(), d.to());
        report.accept("autoscaler: " + policy.pool() + " now " + pool.size() + " worker(s), applied in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** Stops taking decisions (a start or stop under way finishes first); the workers are the fleet's to stop. */
    @Override
    public void close() {
        stopping = true;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(LONGEST_APPLY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        probe.close();
        publisher.close();
    }

    /** A worker start (readiness timeout) or stop (grace period) under way when closing. */
    private static final Duration LONGEST_APPLY = Duration.ofMinutes(3);
}
