package com.cyclefleet.worker.translate;

import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.protocol.codec.MalformedMessageException;
import com.cyclefleet.protocol.codec.MessageTypes;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.StorageException;
import com.cyclefleet.worker.WorkerConfig;
import com.cyclefleet.worker.kafka.PoisonBreaker;
import com.cyclefleet.worker.kafka.TaskLoop;
import com.cyclefleet.worker.ops.LoopStatus;
import com.cyclefleet.worker.ops.Metrics;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Consumes translate tasks as a three-stage pipeline, so a batch translates while the inputs of the next are
 * fetched and the outputs of the previous one are stored and committed:
 * <ol>
 *   <li>this loop thread polls, decodes each record and starts fetching its input ({@link BatchTranslator#fetch});
 *       it stops polling while {@value #BACKLOG_BATCHES} max batches wait;</li>
 *   <li>the engine thread ({@link UnitTranslator}) takes up to {@code CYCLEFLEET_TRANSLATE_MAX_BATCH} waiting
 *       records in poll order, lingering up to {@code CYCLEFLEET_TRANSLATE_LINGER_MS} for requests that arrive
 *       together, and translates each (model, version, direction) group as one batch;</li>
 *   <li>the commit thread ({@link UnitCommitter}) publishes each request's result (and dead letters) and commits the
 *       unit's offsets in one transaction, in unit order: each request gets exactly one result even if the worker
 *       dies half-way.</li>
 * </ol>
 * A failed transaction or an unavailable object store discards every unit not yet committed and rewinds to the
 * committed offsets; partitions are revoked only once the units in flight are committed.
 *
 * <p>A request that kills the worker (an input that runs it out of memory, a native crash) is found by the
 * {@link PoisonBreaker}: the first record of each partition taken is noted in the committed offset before it is
 * fetched. A partition found noted is suspect: its next {@link #suspectWindow} records (as many as the pipeline
 * holds uncommitted) are noted and run alone on this thread, with the engine held and nothing in flight, until the
 * record that kills has been started {@code CYCLEFLEET_WORKER_MAX_ATTEMPTS} times; it then gets its
 * TranslationFailed and goes to the dead-letter topic.
 */
public final class TranslateLoop extends TaskLoop {

    public static final String ROLE = "translate";
    /** Max batches that may wait (inputs fetched ahead) before the loop stops polling. */
    static final int BACKLOG_BATCHES = 2;

    private static final Logger LOG = LoggerFactory.getLogger(TranslateLoop.class);

    private final BatchTranslator translator;
    private final TranslateIntake intake = new TranslateIntake();
    private final PipelineFault fault = new PipelineFault();
    private final UnitCommitter committer;
    private final UnitTranslator engine;
    private final Thread engineThread;
    private final Thread commitThread;
    /** The group membership the commit thread commits offsets as; refreshed on the loop thread. */
    private volatile ConsumerGroupMetadata groupMetadata;
    private volatile boolean pausedForBacklog;
    /** The fault being rewound from (a rewind interrupted by a wakeup is tried again without a second report). */
    private PipelineFault.Fault rewinding;

    public TranslateLoop(WorkerConfig config, BatchTranslator translator, Metrics metrics, LoopStatus status) {
        super(config, Topics.TRANSLATE_WORKERS_GROUP, Topics.TRANSLATE_TASKS, ROLE, config.translateMaxBatch(),
                metrics, status, new PoisonBreaker(config.maxAttempts(), suspectWindow(config), false));
        this.translator = translator;
        this.committer = new UnitCommitter((out, consumed) -> commitTransaction(out, consumed, groupMetadata),
                this::recordOf, TaskLoop::deadLetterRecord, fault, metrics, this::nudge);
        this.engine = new UnitTranslator(intake, translator, committer, fault, config.translateMaxBatch(),
                config.translateLinger(), () -> {
                    if (pausedForBacklog || fault.raised()) {
                        nudge();
                    }
                });
        this.engineThread = new Thread(engine, "translate-engine");
        this.commitThread = new Thread(committer, "translate-commit");
    }

    /**
     * Most records the pipeline holds uncommitted, so one of them killed a worker that died with a partition's
     * first record noted: the intake up to {@value #BACKLOG_BATCHES} max batches plus the poll that filled it, the
     * engine's unit and the units the commit thread holds.
     */
    static int suspectWindow(WorkerConfig config) {
        return (BACKLOG_BATCHES + 1 + 1 + UnitCommitter.MAX_PENDING_UNITS) * config.translateMaxBatch();
    }

    /** Subscribes with a listener that lets units in flight commit before partitions go; starts the stages. */
    @Override
    protected void subscribe() {
        consumer.subscribe(List.of(Topics.TRANSLATE_TASKS), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                dropAfterInFlight(partitions, true);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                dropAfterInFlight(partitions, false);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                groupMetadata = consumer.groupMetadata();
                LOG.info("translate partitions assigned: {}", partitions);
            }
        });
        groupMetadata = consumer.groupMetadata();
        engineThread.start();
        commitThread.start();
    }

    @Override
    protected void handle(ConsumerRecords<String, byte[]> records) {
        groupMetadata = consumer.groupMetadata();
        List<IntakeItem> items = new ArrayList<>(records.count());
        boolean held = false;
        try {
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<String, byte[]>> polled = records.records(tp);
                ConsumerRecord<String, byte[]> first = polled.get(0);
                Optional<PoisonBreaker.Verdict> admitted = admit(first);
                if (admitted.isEmpty()) {
                    rewind(polled);
                    continue;
                }
                PoisonBreaker.Verdict verdict = admitted.get();
                if (verdict.action() == PoisonBreaker.Action.PROCEED && !verdict.alone()) {
                    polled.forEach(r -> items.add(prepare(r)));
                    continue;
                }
                // a note, a dead letter or a record alone: this thread uses the producer, so nothing may be in flight
                if (!held) {
                    awaitInFlight();
                    held = true;
                }
                if (verdict.alone() || verdict.action() == PoisonBreaker.Action.GIVE_UP) {
                    // the rest of the partition comes again in later polls, after this record is committed
                    if (polled.size() > 1) {
                        consumer.seek(tp, polled.get(1).offset());
                    }
                    polled = List.of(first);
                }
                if (verdict.action() == PoisonBreaker.Action.GIVE_UP) {
                    giveUp(first, verdict.attempts());
                    continue;
                }
                if (verdict.action() == PoisonBreaker.Action.NOTE && !noteAttempt(first, verdict.attempts())) {
                    rewind(polled);
                    continue;
                }
                if (verdict.alone()) {
                    translateAlone(first);
                } else {
                    polled.forEach(r -> items.add(prepare(r)));
                }
            }
        } finally {
            if (held) {
                intake.resume();
            }
        }
        intake.add(items);
    }

    /** Decodes the record and starts fetching its input, or says why it goes to the dead-letter topic. */
    private IntakeItem prepare(ConsumerRecord<String, byte[]> record) {
        String reason;
        try {
            Message message = codec.decode(record.value());
            if (message instanceof TranslateTask task) {
                return IntakeItem.task(record, task, translator.fetch(task));
            }
            reason = "expected a " + MessageTypes.nameOf(TranslateTask.class) + " on " + record.topic()
                    + ", got a " + MessageTypes.nameOf(message);
        } catch (MalformedMessageException e) {
            reason = e.reason();
        }
        return IntakeItem.deadLetter(record, reason);
    }

    /**
     * Translates and commits one suspect record on this thread, the engine held and the commit thread idle. If it
     * kills the worker, its note stays behind; anything else it throws ends the loop, which counts the same.
     */
    private void translateAlone(ConsumerRecord<String, byte[]> record) {
        IntakeItem item = prepare(record);
        LOG.info("translate: running {} alone (its partition's last owner died with it in flight)",
                describe(record));
        TranslationUnit unit;
        try {
            unit = engine.translate(List.of(item));
        } catch (StorageException e) {
            item.discard();
            LOG.warn("object store unavailable while translating {} alone; it will be consumed again after the "
                    + "retry backoff: {}", describe(record), e.getMessage());
            fault.raise("object store unavailable: " + e.getMessage(), true);
            return;
        }
        committer.commitNow(unit);
    }

    /** Dead-letters a record the worker died on too often, with its request's TranslationFailed. */
    private void giveUp(ConsumerRecord<String, byte[]> record, int attempts) {
        List<Message> failures = new ArrayList<>();
        try {
            if (codec.decode(record.value()) instanceof TranslateTask task) {
                failures.add(new TranslationFailed(task.requestId(), "translation input " + task.inputKey() + ": "
                        + PoisonBreaker.reason(attempts)));
            }
        } catch (MalformedMessageException e) {
            // only a dead letter then: there is no request to answer
        }
        if (giveUp(record, attempts, failures)) {
            metrics.task(Metrics.KIND_TRANSLATE, Metrics.DEAD_LETTER);
            if (!failures.isEmpty()) {
                metrics.task(Metrics.KIND_TRANSLATE, Metrics.FAILED);
            }
        }
    }

    /** Acts on a fault of the engine or commit thread, and stops or resumes polling by the backlog. */
    @Override
    protected void beforePoll() {
        PipelineFault.Fault f = fault.current();
        if (f != null) {
            if (f.fatal() != null) {
                throw f.fatal();
            }
            rewind(f);
        }
        boolean full = intake.size() >= BACKLOG_BATCHES * config.translateMaxBatch();
        if (full) {
            // every time, as partitions assigned since the last pause are not paused
            consumer.pause(consumer.assignment());
            pausedForBacklog = true;
        } else if (pausedForBacklog) {
            consumer.resume(consumer.assignment());
            pausedForBacklog = false;
        }
    }

    /** Discards everything not committed and consumes it again from the committed offsets. */
    private void rewind(PipelineFault.Fault f) {
        if (f != rewinding) {
            LOG.warn("{}: records not yet committed will be consumed again from the committed offsets",
                    f.reason());
            metrics.task(Metrics.KIND_TRANSLATE, Metrics.RETRIED);
            rewinding = f;
        }
        awaitInFlight();
        intake.removeIf(item -> true);
        // if this throws (a wakeup), the fault stays raised and the engine held: the next poll tries again
        rewindToCommitted();
        fault.clear();
        intake.resume();
        if (f.backoff()) {
            backoff();
        }
    }

    /**
     * Lets the units in flight commit, then drops what waits for these partitions (they are no longer ours); a
     * clean hand-over (revoked, not lost) takes back this ownership's start notes.
     */
    private void dropAfterInFlight(Collection<TopicPartition> partitions, boolean clean) {
        if (partitions.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        awaitInFlight();
        Set<TopicPartition> gone = Set.copyOf(partitions);
        int dropped = intake.removeIf(item -> gone.contains(item.partition()));
        try {
            if (clean) {
                releaseAttempts(partitions);
            } else {
                forgetAttempts(partitions);
            }
        } finally {
            intake.resume();
        }
        LOG.info("translate partitions {} going: units in flight committed in {} ms, {} waiting records dropped "
                + "(their next owner consumes them)", partitions, (System.nanoTime() - start) / 1_000_000, dropped);
    }

    /** Holds the engine and waits until the unit it has and every unit handed to the commit thread are done. */
    private void awaitInFlight() {
        try {
            intake.holdAndAwaitEngine();
            committer.awaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    @Override
    protected boolean idle() {
        return intake.isIdle() && committer.isIdle() && !fault.raised();
    }

    /** Lets the engine finish its unit and the commit thread commit what it has, within the transaction timeout. */
    @Override
    protected void beforeClose() {
        intake.close();
        join(engineThread);
        committer.close();
        join(commitThread);
    }

    private void join(Thread thread) {
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(config.transactionTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not finish within {} ms; its work will be redone", thread.getName(),
                    config.transactionTimeout().toMillis());
        }
    }
}
