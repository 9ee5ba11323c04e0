package com.cyclefleet.worker.ops;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The worker's Prometheus metrics, rendered in the text exposition format (version 0.0.4) without a metrics
 * library: a handful of counters and gauges does not justify one. Thread-safe.
 */
public final class Metrics {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Task kinds in the {@code kind} label. */
    public static final String KIND_TRAIN = "train";
    public static final String KIND_TRANSLATE = "translate";
    /** Outcomes in the {@code outcome} label. */
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    public static final String DEAD_LETTER = "dead_letter";
    public static final String RETRIED = "retried";

    private static final double MILLIS_PER_SECOND = 1000.0;

    private final Map<String, LongAdder> tasks = new ConcurrentSkipListMap<>();
    private final LongAdder trainIterations = new LongAdder();
    private final DoubleAdder trainMillis = new DoubleAdder();
    private final AtomicLong lastMsPerIterationBits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
    private final LongAdder translatedImages = new LongAdder();
    private final DoubleAdder translateSeconds = new DoubleAdder();
    private final AtomicLong lastImagesPerSecondBits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
    private final Map<String, AtomicLong> consumerLag = new ConcurrentHashMap<>();

    /** Counts one finished task of a kind with an outcome. */
    public void task(String kind, String outcome) {
        tasks.computeIfAbsent(kind + "\u0000" + outcome, k -> new LongAdder()).increment();
    }

    public long taskCount(String kind, String outcome) {
        LongAdder count = tasks.get(kind + "\u0000" + outcome);
        return count == null ? 0 : count.sum();
    }

    /** Records a chunk's training time, excluding I/O. */
    public void trainChunk(long iterations, double millis) {
        if (iterations > 0) {
            trainIterations.add(iterations);
            trainMillis.add(millis);
            lastMsPerIterationBits.set(Double.doubleToLongBits(millis / iterations));
        }
    }

    /** Records a translated batch: images and seconds spent translating (excluding storage I/O). */
    public void translateBatch(int images, double seconds) {
        if (images > 0 && seconds > 0) {
            translatedImages.add(images);
            translateSeconds.add(seconds);
            lastImagesPerSecondBits.set(Double.doubleToLongBits(images / seconds));
        }
    }

    /** Sets the summed lag of a consumer group over its assigned partitions of a topic. */
    public void consumerLag(String group, String topic, long lag) {
        consumerLag.computeIfAbsent(group + "\u0000" + topic, k -> new AtomicLong()).set(lag);
    }

    /** The metrics in Prometheus text format; {@code up} is the health verdict. */
    public String render(boolean up) {
        StringBuilder out = new StringBuilder();
        header(out, "cyclefleet_worker_up", "gauge", "1 when every consumer of this worker is polling");
        sample(out, "cyclefleet_worker_up", "", up ? 1 : 0);

        header(out, "cyclefleet_worker_tasks_total", "counter", "tasks handled, by kind and outcome");
        for (Map.Entry<String, LongAdder> e : tasks.entrySet()) {
            String[] parts = e.getKey().split("\u0000");
            sample(out, "cyclefleet_worker_tasks_total", "kind=\"" + parts[0] + "\",outcome=\"" + parts[1] + "\"",
                    e.getValue().sum());
        }

        header(out, "cyclefleet_worker_train_iterations_total", "counter", "training iterations run");
        sample(out, "cyclefleet_worker_train_iterations_total", "", trainIterations.sum());
        header(out, "cyclefleet_worker_train_seconds_total", "counter", "seconds spent in training iterations");
        sample(out, "cyclefleet_worker_train_seconds_total", "", trainMillis.sum() / MILLIS_PER_SECOND);
        header(out, "cyclefleet_worker_train_ms_per_iteration", "gauge", "mean ms per iteration of the last chunk");
        sample(out, "cyclefleet_worker_train_ms_per_iteration", "",
                Double.longBitsToDouble(lastMsPerIterationBits.get()));

        header(out, "cyclefleet_worker_translate_images_total", "counter", "images translated");
        sample(out, "cyclefleet_worker_translate_images_total", "", translatedImages.sum());
        header(out, "cyclefleet_worker_translate_seconds_total", "counter", "seconds spent translating");
        sample(out, "cyclefleet_worker_translate_seconds_total", "", translateSeconds.sum());
        header(out, "cyclefleet_worker_translate_images_per_second", "gauge", "throughput of the last batch");
        sample(out, "cyclefleet_worker_translate_images_per_second", "",
                Double.longBitsToDouble(lastImagesPerSecondBits.get()));

        header(out, "cyclefleet_worker_consumer_lag", "gauge",
                "records behind the end of the assigned partitions, by consumer group and topic");
        for (Map.Entry<String, AtomicLong> e : new ConcurrentSkipListMap<>(consumerLag).entrySet()) {
            String[] parts = e.getKey().split("\u0000");
            sample(out, "cyclefleet_worker_consumer_lag", "group=\"" + parts[0] + "\",topic=\"" + parts[1] + "\"",
                    e.getValue().get());
        }
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < Long.MAX_VALUE) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
