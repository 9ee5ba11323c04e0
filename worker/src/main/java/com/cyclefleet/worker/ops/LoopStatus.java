package com.cyclefleet.worker.ops;

import java.time.Clock;
import java.time.Duration;

/** Whether one consumer loop is alive: started, not stopped, and polling recently. Thread-safe. */
public final class LoopStatus {

    private final String name;
    private final Clock clock;
    private volatile boolean running;
    private volatile long lastPollMillis;
    private volatile String stopReason;
    private volatile String task;

    public LoopStatus(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public void started() {
        running = true;
        lastPollMillis = clock.millis();
    }

    public void polled() {
        lastPollMillis = clock.millis();
    }

    public void stopped(String reason) {
        running = false;
        stopReason = reason;
    }

    /** The loop took {@code what} (e.g. {@code job j-1 chunk 3}), for heartbeats. */
    public void working(String what) {
        task = what;
    }

    public void idle() {
        task = null;
    }

    /** What the loop is working on, null when idle. */
    public String task() {
        return task;
    }

    /** True when the loop runs and polled within {@code staleAfter}. */
    public boolean healthy(Duration staleAfter) {
        return running && clock.millis() - lastPollMillis <= staleAfter.toMillis();
    }

    /** One line for the health endpoint. */
    public String describe(Duration staleAfter) {
        if (!running) {
            return name + ": stopped" + (stopReason == null ? " (not started)" : " (" + stopReason + ")");
        }
        long sincePoll = clock.millis() - lastPollMillis;
        return name + ": " + (healthy(staleAfter) ? "running" : "stalled") + ", last poll " + sincePoll + " ms ago";
    }
}
