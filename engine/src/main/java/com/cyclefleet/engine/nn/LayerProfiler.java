package com.cyclefleet.engine.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-layer wall-clock times and convolution FLOPs, collected by {@link Sequential} while a profiler is attached to
 * the current thread. libnd4j's CPU ops run synchronously, so System.nanoTime around a call measures that call.
 * Off by default: with no profiler attached Sequential pays one ThreadLocal read per layer.
 */
public final class LayerProfiler {
    private static final ThreadLocal<LayerProfiler> CURRENT = new ThreadLocal<>();

    /** Totals for one kind of layer application (layer description and input shape). */
    public static final class Entry {
        private final String layer;
        private final String input;
        private long calls;
        private long forwardNanos;
        private long backwardCalls;
        private long backwardNanos;
        private long forwardFlops;

        Entry(String layer, String input) {
            this.layer = layer;
            this.input = input;
        }

        public String layer() {
            return layer;
        }

        public String input() {
            return input;
        }

        public long calls() {
            return calls;
        }

        public long forwardNanos() {
            return forwardNanos;
        }

        public long backwardCalls() {
            return backwardCalls;
        }

        public long backwardNanos() {
            return backwardNanos;
        }

        public long forwardFlops() {
            return forwardFlops;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** The profiler attached to this thread, or null. */
    public static LayerProfiler current() {
        return CURRENT.get();
    }

    /** Attaches this profiler to the calling thread until {@link #detach()}. */
    public LayerProfiler attach() {
        CURRENT.set(this);
        return this;
    }

    public static void detach() {
        CURRENT.remove();
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    public void clear() {
        entries.clear();
    }

    /** Sum of the forward FLOPs of every convolution applied while attached (forward and apply alike). */
    public long totalForwardFlops() {
        long n = 0;
        for (Entry e : entries.values()) {
            n += e.forwardFlops;
        }
        return n;
    }

    private Entry entry(Layer layer, INDArray x) {
        String what = layer.describe();
        String shape = Arrays.toString(x.shape());
        return entries.computeIfAbsent(what + " " + shape, k -> new Entry(what, shape));
    }

    Step forward(Layer layer, INDArray x) {
        if (layer instanceof Container) {
            return layer.forward(x);
        }
        Entry e = entry(layer, x);
        long start = System.nanoTime();
        Step s = layer.forward(x);
        e.forwardNanos += System.nanoTime() - start;
        e.calls++;
        e.forwardFlops += layer.forwardFlops(x.shape());
        Backward inner = s.backward();
        return new Step(s.output(), dy -> {
            long t = System.nanoTime();
            INDArray dx = inner.apply(dy);
            e.backwardNanos += System.nanoTime() - t;
            e.backwardCalls++;
            return dx;
        });
    }

    INDArray apply(Layer layer, INDArray x) {
        if (layer instanceof Container) {
            return layer.apply(x);
        }
        Entry e = entry(layer, x);
        long start = System.nanoTime();
        INDArray y = layer.apply(x);
        e.forwardNanos += System.nanoTime() - start;
        e.calls++;
        e.forwardFlops += layer.forwardFlops(x.shape());
        return y;
    }
}
