package com.cyclefleet.worker.train;

import com.cyclefleet.protocol.CheckpointWritten;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.ChunkStarted;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.JobFailed;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.SamplesWritten;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.codec.MalformedMessageException;
import com.cyclefleet.protocol.codec.MessageTypes;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.worker.WorkerConfig;
import com.cyclefleet.worker.kafka.PoisonBreaker;
import com.cyclefleet.worker.kafka.TaskLoop;
import com.cyclefleet.worker.ops.LoopStatus;
import com.cyclefleet.worker.ops.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Consumes train-chunk tasks one at a time ({@code max.poll.records=1}). A chunk runs on a separate thread while this
 * thread keeps polling with every assigned partition paused: the consumer keeps heartbeating and calling poll well
 * within {@code max.poll.interval.ms}, so a chunk of any length never makes the group rebalance, and no further
 * record is fetched meanwhile. When the chunk ends, its events, the next chunk task (or JobDone) and the consumed
 * offset are committed in one transaction, then the partitions are resumed.
 *
 * <p>If the partition was taken away meanwhile (another worker joined), the chunk's results are dropped: the new
 * owner redoes the chunk from the same checkpoint and overwrites the same keys. A worker killed mid-chunk commits
 * nothing, with the same effect.
 *
 * <p>A stopping worker (SIGTERM: a scale-down, a reclaimed spot node) does not waste the chunk: the chunk ends at its
 * next iteration boundary ({@link Preemption}) and is checkpointed and committed like a chunk whose time budget ran
 * out, with the next chunk task from that iteration, so the job still ends at its planned iteration and resumes
 * exactly. Only if that takes longer than {@code CYCLEFLEET_WORKER_STOP_GRACE_S} is the chunk abandoned as before.
 * Either way the stop is a clean hand-over, not a death the breaker counts.
 *
 * <p>Every chunk's start is noted first ({@link com.cyclefleet.worker.kafka.PoisonBreaker}, one record at a time):
 * a chunk that keeps killing its worker (out of memory on a dataset, a native crash) fails its job and goes to the
 * dead-letter topic after {@code CYCLEFLEET_WORKER_MAX_ATTEMPTS} starts, instead of stopping every train worker.
 */
public final class TrainLoop extends TaskLoop {

    public static final String ROLE = "train";
    /** One task per poll: a train chunk is long, and a second record fetched with it would wait behind it. */
    public static final int MAX_POLL_RECORDS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(TrainLoop.class);

    private final ChunkRunner runner;
    private final ExecutorService chunkThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "train-chunk");
        // a chunk abandoned at shutdown must not keep the JVM alive: its work is redone elsewhere
        t.setDaemon(true);
        return t;
    });
    private volatile boolean busy;

    public TrainLoop(WorkerConfig config, ChunkRunner runner, Metrics metrics, LoopStatus status) {
        super(config, Topics.TRAIN_WORKERS_GROUP, Topics.TRAIN_TASKS, ROLE, MAX_POLL_RECORDS, metrics, status,
                new PoisonBreaker(config.maxAttempts(), MAX_POLL_RECORDS, true));
        this.runner = runner;
    }

    @Override
    protected void subscribe() {
        consumer.subscribe(List.of(Topics.TRAIN_TASKS), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // no results to commit (they are only committed with the chunk's transaction); a chunk cut short
                // by a rebalance or a shutdown did not kill its worker, so its start is not counted
                releaseAttempts(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                forgetAttempts(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (busy) {
                    consumer.pause(partitions);
                }
            }
        });
    }

    @Override
    protected void handle(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            handle(record);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        Message message;
        try {
            message = codec.decode(record.value());
        } catch (MalformedMessageException e) {
            deadLetter(record, e.reason());
            return;
        }
        if (!(message instanceof TrainChunkTask task)) {
            deadLetter(record, "expected a " + MessageTypes.nameOf(TrainChunkTask.class) + " on " + record.topic()
                    + ", got a " + MessageTypes.nameOf(message));
            return;
        }
        Optional<PoisonBreaker.Verdict> admitted = admit(record);
        if (admitted.isEmpty()) {
            rewind(List.of(record));
            backoff();
            return;
        }
        PoisonBreaker.Verdict verdict = admitted.get();
        if (verdict.action() == PoisonBreaker.Action.GIVE_UP) {
            if (giveUp(record, verdict.attempts(), List.of(new JobFailed(task.jobId(), "chunk " + task.chunkIndex()
                    + ": " + PoisonBreaker.reason(verdict.attempts()))))) {
                metrics.task(Metrics.KIND_TRAIN, Metrics.DEAD_LETTER);
            }
            return;
        }
        if (verdict.action() == PoisonBreaker.Action.NOTE && !noteAttempt(record, verdict.attempts())) {
            rewind(List.of(record));
            return;
        }
        runChunk(record, task);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        if (commit(List.of(deadLetterRecord(record, reason)), List.of(record))) {
            metrics.task(Metrics.KIND_TRAIN, Metrics.DEAD_LETTER);
            LOG.warn("dead-lettered record {}: {}", describe(record), reason);
        }
    }

    private void runChunk(ConsumerRecord<String, byte[]> record, TrainChunkTask task) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        LOG.info("job {} chunk {}: starting at iteration {} (at most {} iterations or {} s) from {}", task.jobId(),
                task.chunkIndex(), task.startIteration(), task.maxIterations(), task.maxSeconds(),
                task.freshStart() ? "a fresh model" : task.checkpointKey());
        busy = true;
        ChunkOutcome outcome;
        // set by the chunk thread; the loop thread, the producer's only user, publishes the announcement
        AtomicBoolean started = new AtomicBoolean();
        Preemption preemption = new Preemption();
        long graceEnds = 0;
        try {
            consumer.pause(consumer.assignment());
            Future<ChunkOutcome> future = chunkThread.submit(() -> runner.run(task, () -> started.set(true),
                    preemption));
            while (!future.isDone()) {
                if (started.getAndSet(false)) {
                    announce(task);
                }
                Duration wait = config.pollTimeout();
                if (stopping()) {
                    if (!preemption.requested()) {
                        preemption.request();
                        graceEnds = System.nanoTime() + config.stopGrace().toNanos();
                        LOG.info("job {} chunk {}: the worker is stopping; the chunk ends after its running iteration"
                                + " and is committed if its checkpoint is written within {} s", task.jobId(),
                                task.chunkIndex(), config.stopGrace().toSeconds());
                    }
                    long left = graceEnds - System.nanoTime();
                    if (left <= 0) {
                        abandon(task, preemption);
                        return;
                    }
                    wait = Duration.ofNanos(Math.min(left, wait.toNanos()));
                }
                consumer.pause(consumer.assignment());
                ConsumerRecords<String, byte[]> unexpected;
                try {
                    unexpected = poll(wait);
                } catch (WakeupException e) {
                    if (!stopping()) {
                        throw e;
                    }
                    // the stop's own wakeup: the chunk is still given its grace
                    continue;
                }
                if (!unexpected.isEmpty()) {
                    // only possible for a partition assigned between pause calls: hand it back untouched
                    rewind(listOf(unexpected));
                }
            }
            if (started.getAndSet(false)) {
                announce(task);
            }
            outcome = outcomeOf(future, task);
        } finally {
            busy = false;
        }
        if (!consumer.assignment().contains(partition)) {
            LOG.warn("job {} chunk {}: partition {} was reassigned during the chunk; its results are dropped and"
                    + " the new owner redoes it", task.jobId(), task.chunkIndex(), partition);
            consumer.resume(consumer.paused());
            return;
        }
        if (outcome instanceof ChunkOutcome.Stopped stopped) {
            LOG.info("job {} chunk {}: nothing committed, the next owner runs it: {}", task.jobId(),
                    task.chunkIndex(), stopped.reason());
            return;
        }
        if (outcome instanceof ChunkOutcome.Retry retry) {
            LOG.warn("job {} chunk {}: will retry after {} ms: {}", task.jobId(), task.chunkIndex(),
                    config.retryBackoff().toMillis(), retry.reason());
            metrics.task(Metrics.KIND_TRAIN, Metrics.RETRIED);
            rewind(List.of(record));
            backoff();
            return;
        }
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (Message m : outcome.messages()) {
            out.add(recordOf(m));
        }
        boolean committed = commit(out, List.of(record));
        if (committed && consumer.assignment().contains(partition)) {
            // if the partition was revoked and given back during the chunk, the fetch position was reset to the
            // old committed offset; move it past the task just committed so the chunk is not run twice
            consumer.seek(partition, record.offset() + 1);
        }
        consumer.resume(consumer.paused());
        status.idle();
        if (committed) {
            report(task, outcome);
        }
    }

    /** The grace ran out before the stopped chunk was checkpointed: commit nothing, the next owner redoes it. */
    private void abandon(TrainChunkTask task, Preemption preemption) {
        OptionalLong reached = preemption.iteration();
        LOG.warn("job {} chunk {}: abandoned at shutdown at iteration {} ({} iterations of this chunk lost), its"
                + " checkpoint not written within the {} s grace; nothing committed, the chunk will be redone from"
                + " iteration {}", task.jobId(), task.chunkIndex(),
                reached.isPresent() ? reached.getAsLong() : task.startIteration(),
                reached.isPresent() ? reached.getAsLong() - task.startIteration() : 0,
                config.stopGrace().toSeconds(), task.startIteration());
        chunkThread.shutdownNow();
    }

    /**
     * Tells the coordinator the chunk is running (its job is RUNNING from now, not when the first chunk is done).
     * Its own transaction, committing no offset: if it aborts the chunk still runs, and only the status lags. A
     * chunk shorter than one poll is announced after it ran, still ahead of its ChunkDone.
     */
    private void announce(TrainChunkTask task) {
        ChunkStarted started = new ChunkStarted(task.jobId(), task.chunkIndex(), task.startIteration(),
                config.workerId());
        status.working("job " + task.jobId() + " chunk " + task.chunkIndex());
        if (!commitTransaction(List.of(recordOf(started)), List.of(), consumer.groupMetadata())) {
            LOG.warn("job {} chunk {}: ChunkStarted not published; the job shows as running once the chunk is done",
                    task.jobId(), task.chunkIndex());
        }
    }

    private ChunkOutcome outcomeOf(Future<ChunkOutcome> future, TrainChunkTask task) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a chunk", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                // out of memory and the like: let the worker die; the uncommitted chunk is redone elsewhere
                throw error;
            }
            return new ChunkOutcome.Failed(List.of(new JobFailed(task.jobId(),
                    "chunk " + task.chunkIndex() + ": " + ChunkRunner.reason(cause))), ChunkRunner.reason(cause));
        }
    }

    private void report(TrainChunkTask task, ChunkOutcome outcome) {
        if (outcome instanceof ChunkOutcome.Trained trained) {
            metrics.task(Metrics.KIND_TRAIN, Metrics.DONE);
            for (Message m : trained.messages()) {
                LOG.info("job {} chunk {}: published {}", task.jobId(), task.chunkIndex(), describe(m));
            }
        } else if (outcome instanceof ChunkOutcome.Skipped skipped) {
            metrics.task(Metrics.KIND_TRAIN, Metrics.SKIPPED);
            LOG.info("job {} chunk {}: skipped: {}", task.jobId(), task.chunkIndex(), skipped.reason());
        } else if (outcome instanceof ChunkOutcome.Failed failed) {
            metrics.task(Metrics.KIND_TRAIN, Metrics.FAILED);
            LOG.warn("job {} chunk {}: published JobFailed: {}", task.jobId(), task.chunkIndex(), failed.reason());
        }
    }

    private static String describe(Message m) {
        if (m instanceof ChunkDone c) {
            return "ChunkDone iteration " + c.iteration() + " epoch " + c.epoch() + " lr " + c.lr() + " "
                    + String.format(Locale.ROOT, "%.1f", c.msPerIteration()) + " ms/iteration, wall "
                    + c.chunkWallMillis() + " ms, losses " + c.losses();
        }
        if (m instanceof CheckpointWritten c) {
            return "CheckpointWritten " + c.key();
        }
        if (m instanceof SamplesWritten s) {
            return "SamplesWritten " + s.keys();
        }
        if (m instanceof TrainChunkTask t) {
            return "next TrainChunkTask chunk " + t.chunkIndex() + " from iteration " + t.startIteration();
        }
        if (m instanceof JobDone d) {
            return "JobDone after " + d.iterations() + " iterations, bundle " + d.generatorKeys().get(Direction.A_TO_B);
        }
        if (m instanceof JobFailed f) {
            return "JobFailed: " + f.reason();
        }
        return MessageTypes.nameOf(m);
    }

    /** A chunk still running here was abandoned: interrupt it (its thread is a daemon, so it cannot hold the JVM). */
    @Override
    protected void beforeClose() {
        chunkThread.shutdownNow();
    }
}
