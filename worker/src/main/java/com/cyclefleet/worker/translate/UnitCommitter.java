package com.cyclefleet.worker.translate;

import com.cyclefleet.protocol.Event;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.storage.StorageException;
import com.cyclefleet.worker.kafka.TaskLoop;
import com.cyclefleet.worker.ops.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The commit thread of the translate pipeline, the only user of the transactional producer: for each unit in the
 * order the engine finished them, waits for the outputs to be stored, then publishes one TranslationDone or
 * TranslationFailed per request (and the unit's dead letters) and commits the unit's offsets in one transaction.
 * After a fault, units are discarded until the loop has rewound.
 */
final class UnitCommitter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UnitCommitter.class);
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** Units the engine may run ahead of the commits: one committing, one waiting. */
    static final int MAX_PENDING_UNITS = 2;

    /** One transaction with these records out and these consumed offsets; false when it was aborted. */
    @FunctionalInterface
    interface Transaction {
        boolean commit(List<ProducerRecord<String, byte[]>> out, List<ConsumerRecord<String, byte[]>> consumed);
    }

    private final Transaction transaction;
    private final Function<Message, ProducerRecord<String, byte[]>> recordOf;
    private final BiFunction<ConsumerRecord<String, byte[]>, String, ProducerRecord<String, byte[]>> deadLetterOf;
    private final PipelineFault fault;
    private final Metrics metrics;
    private final Runnable onFault;
    private final Deque<TranslationUnit> queue = new ArrayDeque<>();
    /** Units submitted and not yet committed or discarded. */
    private int pending;
    private boolean closed;
    /** The thread has returned: nothing more is committed. */
    private boolean ended;

    UnitCommitter(Transaction transaction, Function<Message, ProducerRecord<String, byte[]>> recordOf,
                  BiFunction<ConsumerRecord<String, byte[]>, String, ProducerRecord<String, byte[]>> deadLetterOf,
                  PipelineFault fault, Metrics metrics, Runnable onFault) {
        this.transaction = transaction;
        this.recordOf = recordOf;
        this.deadLetterOf = deadLetterOf;
        this.fault = fault;
        this.metrics = metrics;
        this.onFault = onFault;
    }

    /**
     * Queues a unit; waits while {@value #MAX_PENDING_UNITS} are pending, so slow commits hold the engine back instead
     * of piling up translated outputs. A unit submitted after the thread ended is dropped (a fault has been raised).
     */
    synchronized void submit(TranslationUnit unit) throws InterruptedException {
        while (pending >= MAX_PENDING_UNITS && !ended) {
            wait();
        }
        if (ended) {
            return;
        }
        queue.addLast(unit);
        pending++;
        notifyAll();
    }

    synchronized boolean isIdle() {
        return pending == 0;
    }

    /** Waits until every submitted unit is committed or discarded. */
    synchronized void awaitIdle() throws InterruptedException {
        while (pending > 0) {
            wait();
        }
    }

    /** Commits what was submitted, then ends the thread. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    private synchronized TranslationUnit next() throws InterruptedException {
        while (queue.isEmpty() && !closed) {
            wait();
        }
        return queue.pollFirst();
    }

    private synchronized void done() {
        pending--;
        notifyAll();
    }

    @Override
    public void run() {
        try {
            TranslationUnit unit;
            while ((unit = next()) != null) {
                try {
                    commit(unit);
                } catch (RuntimeException | Error e) {
                    fault.fatal(e instanceof RuntimeException r ? r
                            : new IllegalStateException("the translate commit thread failed: " + e, e));
                    onFault.run();
                    return;
                } finally {
                    done();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            end();
        }
    }

    /**
     * Commits a unit on the caller's thread, as this thread would: for the loop thread's suspect records, while the
     * engine is held and nothing is pending here, so no other transaction can be open.
     */
    void commitNow(TranslationUnit unit) {
        commit(unit);
    }

    private synchronized void end() {
        ended = true;
        pending -= queue.size();
        queue.clear();
        notifyAll();
    }

    private void commit(TranslationUnit unit) {
        if (fault.raised()) {
            return;
        }
        long start = System.nanoTime();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        for (int i = 0; i < unit.items().size(); i++) {
            IntakeItem item = unit.items().get(i);
            if (item.isDeadLetter()) {
                ConsumerRecord<String, byte[]> r = item.record();
                out.add(deadLetterOf.apply(r, item.deadLetterReason()));
                deadLetters.add(TaskLoop.describe(r) + ": " + item.deadLetterReason());
                continue;
            }
            Event event;
            try {
                event = unit.results().get(i).await();
            } catch (StorageException e) {
                LOG.warn("object store unavailable while storing outputs of {} records; they will be consumed "
                        + "again after the retry backoff: {}", unit.items().size(), e.getMessage());
                fault.raise("object store unavailable: " + e.getMessage(), true);
                onFault.run();
                return;
            }
            events.add(event);
            out.add(recordOf.apply(event));
        }
        long stored = System.nanoTime();
        if (!transaction.commit(out, unit.records())) {
            fault.raise("transaction aborted", false);
            onFault.run();
            return;
        }
        long end = System.nanoTime();
        report(events, deadLetters);
        LOG.info("translate unit of {} records in {} batch(es): oldest submitted {} ms before its commit; translate {} ms, "
                        + "then outputs stored {} ms, commit {} ms", unit.items().size(), unit.batches(),
                unit.oldestWaitMillis(System.currentTimeMillis()), unit.translateNanos() / NANOS_PER_MILLI,
                (stored - start) / NANOS_PER_MILLI, (end - stored) / NANOS_PER_MILLI);
    }

    private void report(List<Event> events, List<String> deadLetters) {
        for (String reason : deadLetters) {
            metrics.task(Metrics.KIND_TRANSLATE, Metrics.DEAD_LETTER);
            LOG.warn("dead-lettered record {}", reason);
        }
        for (Event event : events) {
            if (event instanceof TranslationDone done) {
                metrics.task(Metrics.KIND_TRANSLATE, Metrics.DONE);
                LOG.info("translation {} done: model {} -> {} in a batch of {}, latency {} ms", done.requestId(),
                        done.modelId(), done.outputKey(), done.batchSize(), done.latencyMs());
            } else if (event instanceof TranslationFailed failed) {
                metrics.task(Metrics.KIND_TRANSLATE, Metrics.FAILED);
                LOG.warn("translation {} failed: {}", failed.requestId(), failed.reason());
            }
        }
    }
}
