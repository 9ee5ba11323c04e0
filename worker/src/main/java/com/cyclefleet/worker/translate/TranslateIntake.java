package com.cyclefleet.worker.translate;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records polled but not yet translated, in poll order, between the loop thread (which adds) and the engine thread
 * (which takes units from the head). Taking whole prefixes keeps commits in offset order: every unit's offsets are
 * above those of the units before it. The loop can hold the engine (rewind, rebalance) and wait until it is idle.
 */
final class TranslateIntake {

    private final Deque<IntakeItem> items = new ArrayDeque<>();
    private boolean held;
    private boolean closed;
    /** True from a take until the engine has handed its unit on ({@link #release()}). */
    private boolean engineBusy;

    synchronized void add(List<IntakeItem> polled) {
        items.addAll(polled);
        notifyAll();
    }

    synchronized int size() {
        return items.size();
    }

    /**
     * The next unit: up to {@code max} items from the head, once there are {@code max} or the oldest has waited
     * {@code linger} (so requests that arrive together are translated together). Blocks while empty or held.
     *
     * @return null once closed
     */
    synchronized List<IntakeItem> take(int max, Duration linger) throws InterruptedException {
        while (true) {
            while (!closed && (held || items.isEmpty())) {
                wait();
            }
            if (closed) {
                return null;
            }
            long deadline = items.peekFirst().polledAtNanos() + linger.toNanos();
            long left;
            while (!closed && !held && items.size() < max && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, left / 1_000_000));
            }
            if (closed) {
                return null;
            }
            if (held || items.isEmpty()) {
                continue;
            }
            List<IntakeItem> unit = new ArrayList<>(Math.min(max, items.size()));
            while (unit.size() < max && !items.isEmpty()) {
                unit.add(items.pollFirst());
            }
            engineBusy = true;
            return unit;
        }
    }

    /** The engine has handed its unit on (or dropped it). */
    synchronized void release() {
        engineBusy = false;
        notifyAll();
    }

    /** Stops the engine from taking more, and waits until the unit it holds (if any) has been handed on. */
    synchronized void holdAndAwaitEngine() throws InterruptedException {
        held = true;
        while (engineBusy) {
            wait();
        }
    }

    synchronized void resume() {
        held = false;
        notifyAll();
    }

    /** Removes (and discards) the items that match; returns how many. */
    synchronized int removeIf(Predicate<IntakeItem> which) {
        int removed = 0;
        Iterator<IntakeItem> it = items.iterator();
        while (it.hasNext()) {
            IntakeItem item = it.next();
            if (which.test(item)) {
                item.discard();
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /** Nothing waiting and nothing in the engine. */
    synchronized boolean isIdle() {
        return items.isEmpty() && !engineBusy;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
