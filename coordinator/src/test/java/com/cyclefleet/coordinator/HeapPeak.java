package com.cyclefleet.coordinator;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most heap used while something runs in this JVM (the coordinator under test shares it), read two ways:
 * sampled every few milliseconds from the MemoryMXBean, and the heap pools' own peak counters (an upper bound:
 * each pool's peak may come at a different moment). Garbage counts until collected, so both are what the heap had
 * to hold, not what was live.
 */
final class HeapPeak {

    private static final long SAMPLE_MILLIS = 5;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final AtomicLong sampledPeak = new AtomicLong();
    private final long baseline;
    private final Thread sampler;
    private volatile boolean running = true;

    private HeapPeak() {
        System.gc();
        baseline = memory.getHeapMemoryUsage().getUsed();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        sampler = new Thread(() -> {
            while (running) {
                sampledPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-peak");
        sampler.setDaemon(true);
        sampler.start();
    }

    static HeapPeak start() {
        return new HeapPeak();
    }

    long baseline() {
        return baseline;
    }

    /** Stops sampling; the sampled peak of heap used, in bytes. */
    long stop() throws InterruptedException {
        running = false;
        sampler.join();
        return sampledPeak.get();
    }

    /** The sum of the heap pools' peaks since start (call after {@link #stop}). */
    long poolPeaks() {
        return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    long maxHeap() {
        return memory.getHeapMemoryUsage().getMax();
    }
}
