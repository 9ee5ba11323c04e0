package com.cyclefleet.worker.train;

import com.cyclefleet.engine.infer.GeneratorBundle;
import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.data.ImageFolder;
import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.train.Checkpoint;
import com.cyclefleet.engine.train.CycleGanTrainer;
import com.cyclefleet.engine.train.IterationLosses;
import com.cyclefleet.engine.train.TrainerSamples;
import com.cyclefleet.formats.image.PixelBudget;
import com.cyclefleet.protocol.CheckpointWritten;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.JobFailed;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.SamplesWritten;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.TrainingSpec;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.ObjectStore;
import com.cyclefleet.storage.StorageException;
import com.cyclefleet.worker.ops.Metrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one train chunk: dataset into the local cache, trainer from the checkpoint (or fresh), at most the chunk's
 * iterations or seconds and never past the job's total, then checkpoint, sample grids and loss history into S3.
 * Returns the messages to publish; publishing and committing is the caller's. Every key written depends only on the
 * job and the iteration, so a redone chunk overwrites what an interrupted attempt wrote.
 */
public final class ChunkRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkRunner.class);
    private static final String CHECKPOINT_TYPE = "application/octet-stream";
    private static final String PNG_TYPE = "image/png";
    private static final String JSONL_TYPE = "application/x-ndjson";
    private static final String ZIP_TYPE = "application/zip";
    private static final double NANOS_PER_MILLI = 1e6;

    private final ObjectStore store;
    private final DatasetCache datasets;
    private final String workerId;
    private final PixelBudget pixelBudget;
    private final Metrics metrics;
    private final ObjectMapper json = JsonMapper.builder().build();

    /** @param pixelBudget a dataset image over it fails the job, refused from its header before decoding */
    public ChunkRunner(ObjectStore store, DatasetCache datasets, String workerId, PixelBudget pixelBudget,
                       Metrics metrics) {
        this.store = store;
        this.datasets = datasets;
        this.workerId = workerId;
        this.pixelBudget = pixelBudget;
        this.metrics = metrics;
    }

    /**
     * Runs the chunk; never throws for task-level problems (see {@link ChunkOutcome}).
     *
     * @param started    called once the chunk is going to train (not for a cancelled job)
     * @param preemption  once requested, the chunk ends after its running iteration and is checkpointed and
     *                    published as if its budget had ended there (the next chunk continues from that iteration)
     */
    public ChunkOutcome run(TrainChunkTask task, Runnable started, Preemption preemption) {
        try {
            return train(task, started, preemption);
        } catch (StorageException e) {
            if (e.isTransient()) {
                return new ChunkOutcome.Retry(e.getMessage());
            }
            return failed(task, "storage: " + e.getMessage());
        } catch (RuntimeException e) {
            // engine errors (IllegalArgumentException, DatasetException, ImageFormatException, ModelFileException,
            // NpyFormatException) carry a clear message; anything else is reported with its type
            LOG.debug("chunk {} of job {} failed", task.chunkIndex(), task.jobId(), e);
            return failed(task, reason(e));
        }
    }

    private ChunkOutcome train(TrainChunkTask task, Runnable started, Preemption preemption) {
        long chunkStart = System.nanoTime();
        String jobId = task.jobId();
        if (store.exists(ObjectLayout.jobCancelled(jobId))) {
            return new ChunkOutcome.Skipped("job " + jobId + " is cancelled");
        }
        started.run();
        TrainingSpec spec = task.spec();
        Path root = datasets.sync(task.dataset());
        UnalignedDataset dataset = UnalignedDataset.open(root, UnalignedDataset.TRAIN,
                ImageFolder.DEFAULT_CACHE_BUDGET_BYTES, pixelBudget);
        CycleGanTrainer trainer = task.freshStart()
                ? CycleGanTrainer.create(spec.parameters(), dataset)
                : load(task.checkpointKey(), dataset);
        if (trainer.iteration() != task.startIteration()) {
            LOG.warn("job {} chunk {}: checkpoint {} is at iteration {}, the task says {}; continuing from the"
                    + " checkpoint", jobId, task.chunkIndex(), task.checkpointKey(), trainer.iteration(),
                    task.startIteration());
        }
        long remaining = Math.max(0, spec.totalIterations() - trainer.iteration());
        long budget = Math.min(task.maxIterations(), remaining);
        Instant deadline = Instant.now().plusSeconds(task.maxSeconds());
        Map<Long, byte[]> samples = new LinkedHashMap<>();
        long trainStart = System.nanoTime();
        long[] sampleNanos = {0};
        int done = 0;
        // one iteration at a time, so a stop request ends the chunk at an iteration boundary
        while (done < budget && !preemption.requested()) {
            int ran = trainer.run(1, deadline, losses -> {
                if (losses.iteration() % spec.sampleEvery() == 0) {
                    long t = System.nanoTime();
                    samples.put(losses.iteration(), grid(trainer));
                    sampleNanos[0] += System.nanoTime() - t;
                }
            });
            if (ran == 0) {
                break; // past the deadline, or the schedule is finished
            }
            done += ran;
            preemption.reached(trainer.iteration());
        }
        if (preemption.requested() && done == 0) {
            return new ChunkOutcome.Stopped("the worker is stopping before the chunk trained an iteration");
        }
        double trainMillis = (System.nanoTime() - trainStart - sampleNanos[0]) / NANOS_PER_MILLI;
        metrics.trainChunk(done, trainMillis);
        long iteration = trainer.iteration();
        boolean complete = iteration >= spec.totalIterations() || trainer.finished();

        if (preemption.requested() && !complete) {
            LOG.info("job {} chunk {}: stopped at iteration {} after {} of its iterations (the worker is stopping);"
                    + " writing its checkpoint, the next chunk continues from there", jobId, task.chunkIndex(),
                    iteration, done);
        }
        String checkpointKey = ObjectLayout.checkpoint(jobId, iteration);
        store.put(checkpointKey, Checkpoint.toBytes(trainer), CHECKPOINT_TYPE);
        samples.computeIfAbsent(iteration, i -> grid(trainer));
        List<String> sampleKeys = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : samples.entrySet()) {
            String key = ObjectLayout.sample(jobId, e.getKey());
            store.put(key, e.getValue(), PNG_TYPE);
            sampleKeys.add(key);
        }
        store.put(ObjectLayout.lossHistory(jobId), historyJsonLines(trainer.history()), JSONL_TYPE);

        List<Message> messages = new ArrayList<>();
        messages.add(new CheckpointWritten(jobId, iteration, checkpointKey));
        messages.add(new SamplesWritten(jobId, iteration, sampleKeys));
        IterationLosses last = trainer.history().isEmpty() ? null : trainer.history().get(trainer.history().size() - 1);
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - chunkStart);
        messages.add(new ChunkDone(jobId, task.chunkIndex(), iteration,
                last == null ? trainer.epoch() : last.epoch(),
                last == null ? trainer.learningRate() : last.lr(),
                last == null ? Map.of() : last.byName(),
                done == 0 ? 0.0 : trainMillis / done,
                wallMillis, workerId));
        if (complete) {
            String bundleKey = ObjectLayout.jobBundle(jobId);
            store.put(bundleKey, GeneratorBundle.of(trainer).toBytes(iteration), ZIP_TYPE);
            messages.add(new JobDone(jobId, iteration, checkpointKey,
                    Map.of(Direction.A_TO_B, bundleKey, Direction.B_TO_A, bundleKey), bundleKey));
        } else if (store.exists(ObjectLayout.jobCancelled(jobId))) {
            LOG.info("job {} was cancelled during chunk {}; no next chunk", jobId, task.chunkIndex());
        } else if (done == 0) {
            messages.add(new JobFailed(jobId, "chunk " + task.chunkIndex() + " made no progress within "
                    + task.maxSeconds() + " s (iteration " + iteration + " of " + spec.totalIterations() + ")"));
        } else {
            messages.add(new TrainChunkTask(jobId, task.chunkIndex() + 1, iteration, task.maxIterations(),
                    task.maxSeconds(), checkpointKey, task.dataset(), spec, null, task.fineTune(), task.holdOut()));
        }
        return new ChunkOutcome.Trained(messages, iteration, complete);
    }

    private CycleGanTrainer load(String key, UnalignedDataset dataset) {
        try (InputStream in = store.open(key)) {
            return Checkpoint.load(in, key, dataset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + key + ": " + e.getMessage(), e);
        }
    }

    private static byte[] grid(CycleGanTrainer trainer) {
        FloatImage image = TrainerSamples.grid(trainer);
        return ImageCodec.encode(image, ImageCodec.PNG);
    }

    private byte[] historyJsonLines(List<IterationLosses> history) {
        StringBuilder out = new StringBuilder();
        try {
            for (IterationLosses losses : history) {
                out.append(json.writeValueAsString(losses)).append('\n');
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the loss history as JSON", e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ChunkOutcome failed(TrainChunkTask task, String reason) {
        String full = "chunk " + task.chunkIndex() + ": " + reason;
        return new ChunkOutcome.Failed(List.of(new JobFailed(task.jobId(), full)), full);
    }

    static String reason(Throwable e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return type;
        }
        boolean engineError = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e.getClass().getPackageName().startsWith("com.cyclefleet.");
        return engineError ? message : type + ": " + message;
    }
}
