package com.cyclefleet.worker.translate;

import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.codec.MalformedMessageException;
import com.cyclefleet.protocol.codec.MessageTypes;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.worker.WorkerConfig;
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
    private final Thread engineThread;
    private final Thread commitThread;
    /** The group membership the commit thread commits offsets as; refreshed on the loop thread. */
    private volatile ConsumerGroupMetadata groupMetadata;
    private volatile boolean pausedForBacklog;
    /** The fault being rewound from (a rewind interrupted by a wakeup is tried again without a second report). */
    private PipelineFault.Fault rewinding;

    public TranslateLoop(WorkerConfig config, BatchTranslator translator, Metrics metrics, LoopStatus status) {
        super(config, Topics.TRANSLATE_WORKERS_GROUP, Topics.TRANSLATE_TASKS, ROLE, config.translateMaxBatch(),
                metrics, status);
        this.translator = translator;
        this.committer = new UnitCommitter((out, consumed) -> commitTransaction(out, consumed, groupMetadata),
                this::recordOf, TaskLoop::deadLetterRecord, fault, metrics, this::nudge);
        UnitTranslator engine = new UnitTranslator(intake, translator, committer, fault, config.translateMaxBatch(),
                config.translateLinger(), () -> {
                    if (pausedForBacklog || fault.raised()) {
                        nudge();
                    }
                });
        this.engineThread = new Thread(engine, "translate-engine");
        this.commitThread = new Thread(committer, "translate-commit");
    }

    /** Subscribes with a listener that lets units in flight commit before partitions go; starts the stages. */
    @Override
    protected void subscribe() {
        consumer.subscribe(List.of(Topics.TRANSLATE_TASKS), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                dropAfterInFlight(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                dropAfterInFlight(partitions);
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
        for (ConsumerRecord<String, byte[]> record : records) {
            String reason;
            try {
                Message message = codec.decode(record.value());
                if (message instanceof TranslateTask task) {
                    items.add(IntakeItem.task(record, task, translator.fetch(task)));
                    continue;
                }
                reason = "expected a " + MessageTypes.nameOf(TranslateTask.class) + " on " + record.topic()
                        + ", got a " + MessageTypes.nameOf(message);
            } catch (MalformedMessageException e) {
                reason = e.reason();
            }
            items.add(IntakeItem.deadLetter(record, reason));
        }
        intake.add(items);
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

    /** Lets the units in flight commit, then drops what waits for these partitions (they are no longer ours). */
    private void dropAfterInFlight(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        awaitInFlight();
        Set<TopicPartition> gone = Set.copyOf(partitions);
        int dropped = intake.removeIf(item -> gone.contains(item.partition()));
        intake.resume();
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
