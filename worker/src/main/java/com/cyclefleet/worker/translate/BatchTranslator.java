package com.cyclefleet.worker.translate;

import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.infer.GeneratorBundle;
import com.cyclefleet.engine.infer.Translator;
import com.cyclefleet.formats.image.PixelBudget;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Event;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.storage.ObjectStore;
import com.cyclefleet.storage.StorageException;
import com.cyclefleet.worker.ops.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.kafka.common.errors.InterruptException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Translates the requests of one (model, version, direction) group as one batch and stores the outputs, in three
 * steps that can overlap with other batches' steps: {@link #fetch} starts reading and decoding an input as soon as
 * its task is polled, {@link #translate} runs the generator once the group's inputs are in and starts storing the
 * outputs, and {@link PendingResult#await} gives each request's event once its output is stored.
 *
 * <p>Per-request problems (missing or corrupt input, too small, over the pixel budget) fail only that request; a model that cannot be
 * loaded fails the group. Only a transient object-store failure escapes (as {@link StorageException}), so the
 * whole unit of work is retried.
 */
public final class BatchTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(BatchTranslator.class);
    private static final String PNG_TYPE = "image/png";
    private static final double NANOS_PER_SECOND = 1e9;
    /**
     * Concurrent S3 reads and writes (each image's get+decode or encode+put is one task): enough to keep the inputs
     * of the next batch and the outputs of the previous one moving while a batch translates.
     */
    static final int IO_THREADS = 4;
    private static final AtomicInteger IO_THREAD_COUNT = new AtomicInteger();

    private final ObjectStore store;
    private final ModelCache models;
    private final Metrics metrics;
    private final Clock clock;
    private final PixelBudget pixelBudget;
    private final ExecutorService io = Executors.newFixedThreadPool(IO_THREADS, r -> {
        Thread t = new Thread(r, "translate-io-" + IO_THREAD_COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** @param pixelBudget an input over it fails its request from its header, before a pixel is decoded */
    public BatchTranslator(ObjectStore store, ModelCache models, Metrics metrics, Clock clock, PixelBudget pixelBudget) {
        this.store = store;
        this.models = models;
        this.metrics = metrics;
        this.clock = clock;
        this.pixelBudget = pixelBudget;
    }

    /** A request's outcome: known now (it failed before storing) or once its output is stored. */
    @FunctionalInterface
    public interface PendingResult {
        /**
         * Waits for the output to be stored.
         *
         * @throws StorageException (transient) when the store could not serve: retry the whole unit
         */
        Event await();
    }

    /** Starts reading and decoding the task's input on the I/O threads. */
    public Future<FloatImage> fetch(TranslateTask task) {
        return io.submit(() -> {
            FloatImage image = ImageCodec.decode(store.get(task.inputKey()), task.inputKey(), pixelBudget);
            if (image.height() < Translator.MIN_SIZE || image.width() < Translator.MIN_SIZE) {
                throw new IllegalArgumentException("input image " + task.inputKey() + " is " + image.width()
                        + "x" + image.height() + " pixels; the generator needs at least " + Translator.MIN_SIZE
                        + "x" + Translator.MIN_SIZE);
            }
            return image;
        });
    }

    /**
     * Translates the group once every input fetched by {@link #fetch} is in (in task order), and starts storing
     * the outputs; returns each task's pending result, in task order.
     */
    public List<PendingResult> translate(String modelId, int version, Direction direction, List<TranslateTask> tasks,
                                         List<Future<FloatImage>> fetched) {
        PendingResult[] results = new PendingResult[tasks.size()];
        GeneratorBundle bundle;
        try {
            bundle = models.get(modelId, version);
        } catch (StorageException e) {
            rethrowIfTransient(e);
            String reason = e.kind() == StorageException.Kind.OBJECT_NOT_FOUND
                    ? "unknown model " + modelId + " v" + version + ": no artifact at "
                    + ObjectLayout.modelArtifact(modelId, version)
                    : "model " + modelId + " v" + version + " cannot be read: " + e.getMessage();
            return failAll(tasks, reason);
        } catch (RuntimeException e) {
            return failAll(tasks, "model " + modelId + " v" + version + " cannot be loaded: " + message(e));
        }

        List<Integer> good = new ArrayList<>();
        List<FloatImage> inputs = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            TranslateTask task = tasks.get(i);
            try {
                FloatImage image = await(fetched.get(i));
                good.add(i);
                inputs.add(image);
            } catch (StorageException e) {
                rethrowIfTransient(e);
                results[i] = ready(failed(task, e.kind() == StorageException.Kind.OBJECT_NOT_FOUND
                        ? "input image not found at " + task.inputKey() : e.getMessage()));
            } catch (RuntimeException e) {
                results[i] = ready(failed(task, message(e)));
            }
        }

        Translator translator = bundle.translator(engineDirection(direction));
        List<FloatImage> outputs = translateAll(translator, inputs, tasks, good, results);
        int batchSize = good.size();
        for (int j = 0; j < good.size(); j++) {
            int i = good.get(j);
            if (results[i] != null) {
                continue;
            }
            TranslateTask task = tasks.get(i);
            FloatImage output = outputs.get(j);
            Future<?> stored = io.submit(() -> {
                store.put(task.outputKey(), ImageCodec.encode(output, ImageCodec.PNG), PNG_TYPE);
                return null;
            });
            results[i] = () -> storedResult(task, modelId, batchSize, stored);
        }
        return List.of(results);
    }

    private Event storedResult(TranslateTask task, String modelId, int batchSize, Future<?> stored) {
        try {
            await(stored);
        } catch (StorageException e) {
            rethrowIfTransient(e);
            return failed(task, "cannot store the output: " + e.getMessage());
        } catch (RuntimeException e) {
            return failed(task, "cannot store the output: " + message(e));
        }
        long latency = Math.max(0, clock.millis() - task.submittedAtMillis());
        return new TranslationDone(task.requestId(), modelId, task.outputKey(), latency, batchSize);
    }

    private static PendingResult ready(Event event) {
        return () -> event;
    }

    /** The result of an I/O task, its exception rethrown as it was thrown. */
    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** One batch; if the engine rejects it, each image alone, so one bad image fails only its own request. */
    private List<FloatImage> translateAll(Translator translator, List<FloatImage> inputs, List<TranslateTask> tasks,
                                          List<Integer> good, PendingResult[] results) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        try {
            List<FloatImage> outputs = translator.translate(inputs);
            metrics.translateBatch(inputs.size(), (System.nanoTime() - start) / NANOS_PER_SECOND);
            return outputs;
        } catch (RuntimeException batchFailure) {
            LOG.warn("batch of {} failed ({}); translating one by one", inputs.size(), message(batchFailure));
        }
        List<FloatImage> outputs = new ArrayList<>();
        for (int j = 0; j < inputs.size(); j++) {
            try {
                outputs.add(translator.translate(List.of(inputs.get(j))).get(0));
            } catch (RuntimeException e) {
                outputs.add(null);
                results[good.get(j)] = ready(failed(tasks.get(good.get(j)), message(e)));
            }
        }
        metrics.translateBatch(inputs.size(), (System.nanoTime() - start) / NANOS_PER_SECOND);
        return outputs;
    }

    private static List<PendingResult> failAll(List<TranslateTask> tasks, String reason) {
        List<PendingResult> results = new ArrayList<>();
        for (TranslateTask task : tasks) {
            results.add(ready(failed(task, reason)));
        }
        return results;
    }

    private static TranslationFailed failed(TranslateTask task, String reason) {
        return new TranslationFailed(task.requestId(), reason);
    }

    private static void rethrowIfTransient(StorageException e) {
        if (e.isTransient()) {
            throw e;
        }
    }

    static com.cyclefleet.engine.infer.Direction engineDirection(Direction direction) {
        return direction == Direction.A_TO_B ? com.cyclefleet.engine.infer.Direction.AtoB
                : com.cyclefleet.engine.infer.Direction.BtoA;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
