package com.cyclefleet.worker.kafka;

import com.cyclefleet.kafka.ProducerFailure;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.worker.WorkerConfig;
import com.cyclefleet.worker.ops.LoopStatus;
import com.cyclefleet.worker.ops.Metrics;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A consume-process-produce loop with exactly-once output: whatever a batch of consumed records produces (events,
 * follow-up tasks, dead letters) is published in one Kafka transaction that also commits the consumed offsets. If
 * the transaction fails, nothing of it is visible to read-committed readers and the records are consumed again.
 *
 * <p>Subclasses get the records of each poll in {@link #handle}, on the loop's own thread, the only one touching the
 * consumer. The producer is used by one thread at a time: the loop's, or one thread a subclass dedicates to
 * {@link #commitTransaction} (the translate pipeline's commit thread).
 *
 * <p>A record that kills the worker is not retried for ever: {@link PoisonBreaker} notes each start in the committed
 * offset's metadata ({@link #noteAttempt}, in a transaction like every other commit), and a record started too often
 * goes to the dead-letter topic with its request's or job's failure ({@link #giveUp}).
 */
public abstract class TaskLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLoop.class);

    protected final WorkerConfig config;
    protected final KafkaConsumer<String, byte[]> consumer;
    protected final KafkaProducer<String, byte[]> producer;
    protected final MessageCodec codec = new MessageCodec();
    protected final Metrics metrics;
    protected final LoopStatus status;
    protected final PoisonBreaker breaker;
    private final String group;
    private final String topic;
    private volatile boolean stopping;
    /**
     * The loop ended on a failure: closing the consumer still revokes its partitions, but that hand-over is the
     * death the breaker counts, so the start notes stay.
     */
    private volatile boolean crashed;
    /** Offsets this loop knows to be committed, to spot idle partitions left behind a commit marker. */
    private final Map<TopicPartition, Long> lastCommitted = new ConcurrentHashMap<>();

    protected TaskLoop(WorkerConfig config, String group, String topic, String role, int maxPollRecords,
                       Metrics metrics, LoopStatus status, PoisonBreaker breaker) {
        this.config = config;
        this.breaker = breaker;
        this.group = group;
        this.topic = topic;
        this.metrics = metrics;
        this.status = status;
        this.consumer = KafkaClients.consumer(config, group, role, maxPollRecords);
        this.producer = KafkaClients.transactionalProducer(config, role);
    }

    /** Handles the records of one poll. */
    protected abstract void handle(ConsumerRecords<String, byte[]> records);

    /** Runs on the loop thread before each poll; subclasses act here on what their other threads reported. */
    protected void beforePoll() {
    }

    /**
     * Whether no consumed record is still being worked on, so positions may be committed as they are. A loop that
     * hands records to other threads must say no while any of them is neither committed nor discarded.
     */
    protected boolean idle() {
        return true;
    }

    /** Runs on the loop thread before the consumer and producer close; stops the subclass's own threads. */
    protected void beforeClose() {
    }

    /** Wakes the loop thread from a blocking poll so it runs {@link #beforePoll()} now; safe from any thread. */
    protected void nudge() {
        consumer.wakeup();
    }

    /** Subscribes; subclasses may pass a rebalance listener. */
    protected void subscribe() {
        consumer.subscribe(List.of(topic));
    }

    @Override
    public final void run() {
        String reason = "stopped";
        try {
            producer.initTransactions();
            subscribe();
            status.started();
            LOG.info("{} loop started: topic {} group {} transactional id {}", status.name(), topic, group,
                    KafkaClients.transactionalId(config, status.name()));
            while (!stopping) {
                try {
                    beforePoll();
                    ConsumerRecords<String, byte[]> records = poll();
                    if (!records.isEmpty()) {
                        handle(records);
                    } else if (idle()) {
                        commitPastMarkers();
                    }
                } catch (WakeupException e) {
                    if (stopping) {
                        throw e;
                    }
                    // a nudge from another thread of this loop (see nudge()): look at its state again
                }
            }
        } catch (WakeupException | InterruptException e) {
            if (!stopping) {
                crashed = true;
                reason = "interrupted: " + e;
                LOG.error("{} loop interrupted", status.name(), e);
            }
        } catch (RuntimeException | Error e) {
            crashed = true;
            reason = "crashed: " + e;
            LOG.error("{} loop crashed; the worker is unhealthy", status.name(), e);
        } finally {
            status.stopped(reason);
            closeQuietly();
        }
    }

    /** Polls once, records liveness and consumer lag. */
    protected ConsumerRecords<String, byte[]> poll() {
        return poll(config.pollTimeout());
    }

    /** Polls once with this timeout, records liveness and consumer lag. */
    protected ConsumerRecords<String, byte[]> poll(Duration timeout) {
        ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
        status.polled();
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong partitionLag = consumer.currentLag(tp);
            if (partitionLag.isPresent()) {
                lag += partitionLag.getAsLong();
            }
        }
        metrics.consumerLag(group, topic, lag);
        return records;
    }

    /**
     * A committed transaction leaves its commit marker in the log one offset after the last record, so the offset
     * committed with the transaction stays one short of the log end and consumer lag never reads 0. Idle partitions
     * whose position moved past what was committed get their position committed, so KEDA can scale to zero.
     */
    private void commitPastMarkers() {
        Map<TopicPartition, OffsetAndMetadata> behind = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (consumer.paused().contains(tp)) {
                continue;
            }
            long position = consumer.position(tp);
            Long known = lastCommitted.get(tp);
            if (known == null) {
                OffsetAndMetadata committed = consumer.committed(Set.of(tp)).get(tp);
                known = committed == null ? -1L : committed.offset();
                lastCommitted.put(tp, known);
            }
            if (position > known) {
                behind.put(tp, new OffsetAndMetadata(position));
            }
        }
        if (!behind.isEmpty()) {
            consumer.commitSync(behind);
            behind.forEach((tp, o) -> lastCommitted.put(tp, o.offset()));
        }
    }

    /** Asks the loop to stop; safe from any thread. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    protected boolean stopping() {
        return stopping;
    }

    /** The producer record publishing a message on its topic with its key. */
    protected ProducerRecord<String, byte[]> recordOf(Message message) {
        return new ProducerRecord<>(Topics.topicFor(message), Topics.keyFor(message), codec.encode(message));
    }

    /** A consumed record for an operator's log line: where it was and its key. */
    public static String describe(ConsumerRecord<String, byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset() + " key " + record.key();
    }

    /** The dead-letter record for a consumed record that cannot be processed: same key and bytes, plus why. */
    protected static ProducerRecord<String, byte[]> deadLetterRecord(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.DEAD_LETTER, record.key(), record.value());
        out.headers().add(new RecordHeader(Topics.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
        out.headers().add(new RecordHeader(Topics.DEAD_LETTER_SOURCE_TOPIC_HEADER,
                record.topic().getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    /** The offsets to commit after consuming these records: one past the last of each partition. */
    protected static Map<TopicPartition, OffsetAndMetadata> nextOffsets(
            Collection<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            OffsetAndMetadata next = new OffsetAndMetadata(record.offset() + 1);
            offsets.merge(tp, next, (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    /**
     * Publishes the records and commits the consumed offsets in one transaction.
     *
     * @return true when committed; false when the transaction was aborted, in which case the consumed records
     *         have been rewound so they are consumed again (if this consumer still owns their partitions)
     * @throws KafkaException when the producer can no longer be used (fenced by another instance with this
     *                        worker id); the loop stops
     */
    protected boolean commit(List<ProducerRecord<String, byte[]>> out,
                             Collection<ConsumerRecord<String, byte[]>> consumed) {
        if (commitTransaction(out, consumed, consumer.groupMetadata())) {
            return true;
        }
        rewind(consumed);
        return false;
    }

    /**
     * Publishes the records and commits the consumed offsets in one transaction, as a member of the group with
     * this metadata (captured on the loop thread: the consumer is not thread-safe). Runs on the one thread that
     * uses the producer: the loop's, or a subclass's commit thread.
     *
     * @return true when committed; false when the transaction was aborted (nothing of it visible); the caller has
     *         the records consumed again
     * @throws KafkaException when the producer can no longer be used (fenced by another instance with this
     *                        worker id); the loop stops
     */
    protected boolean commitTransaction(List<ProducerRecord<String, byte[]>> out,
                                        Collection<ConsumerRecord<String, byte[]>> consumed,
                                        ConsumerGroupMetadata groupMetadata) {
        return commitOffsets(out, nextOffsets(consumed), groupMetadata);
    }

    /** {@link #commitTransaction} with the offsets (and their metadata) given as they are to be committed. */
    private boolean commitOffsets(List<ProducerRecord<String, byte[]>> out,
                                  Map<TopicPartition, OffsetAndMetadata> offsets,
                                  ConsumerGroupMetadata groupMetadata) {
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> record : out) {
                producer.send(record);
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, groupMetadata);
            }
            producer.commitTransaction();
            offsets.forEach((tp, o) -> lastCommitted.put(tp, o.offset()));
            return true;
        } catch (KafkaException e) {
            if (ProducerFailure.of(e) == ProducerFailure.FATAL) {
                throw new KafkaException("the transactional producer cannot continue (another worker with id '"
                        + config.workerId() + "' running?)", e);
            }
            LOG.warn("{} transaction aborted, records will be consumed again: {}", status.name(), e.toString());
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailure) {
                throw new KafkaException("cannot abort the transaction", abortFailure);
            }
            return false;
        }
    }

    /**
     * The breaker's verdict on the first record of its partition in this poll; at the first records of a partition
     * in this ownership, reads its committed offset (and the attempts noted there).
     *
     * @return empty when that read failed for now: the caller rewinds the partition's records
     */
    protected Optional<PoisonBreaker.Verdict> admit(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        try {
            return Optional.of(breaker.admit(record, () -> consumer.committed(Set.of(tp)).get(tp)));
        } catch (RetriableException e) {
            // the broker is away (restarting): not a reason to end the loop; the caller consumes it again later
            LOG.warn("{}: cannot read the committed offset of {} to count its starts; it will be consumed again: {}",
                    status.name(), tp, e.toString());
            return Optional.empty();
        } catch (WakeupException e) {
            if (stopping) {
                throw e;
            }
            // a nudge from another thread of this loop; beforePoll looks at its state before the next poll anyway
            return Optional.empty();
        }
    }

    /**
     * Durably notes a start of the record before it runs: commits its own offset (not past it) with the count. Runs
     * on the loop thread while no other transaction can be open (nothing of this loop in flight).
     *
     * @return false when the transaction aborted: the breaker forgot the partition, and the caller has the record
     *         consumed again
     */
    protected boolean noteAttempt(ConsumerRecord<String, byte[]> record, int attempts) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        boolean committed = commitOffsets(List.of(),
                Map.of(tp, new OffsetAndMetadata(record.offset(), PoisonBreaker.note(attempts))),
                consumer.groupMetadata());
        if (committed) {
            breaker.noted(tp);
            LOG.info("{}: start {} of {} noted in the committed offset", status.name(), attempts, describe(record));
        } else {
            breaker.forget(List.of(tp));
        }
        return committed;
    }

    /**
     * Gives up on a record the worker died on too often: publishes its dead letter and the failures of its request
     * or job, and commits past it, in one transaction. Same thread rule as {@link #noteAttempt}.
     *
     * @return false when the transaction aborted; the record has been rewound
     */
    protected boolean giveUp(ConsumerRecord<String, byte[]> record, int attempts, List<Message> failures) {
        String reason = PoisonBreaker.reason(attempts);
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        out.add(deadLetterRecord(record, reason));
        failures.forEach(m -> out.add(recordOf(m)));
        if (!commit(out, List.of(record))) {
            return false;
        }
        LOG.error("{}: dead-lettered record {} and published {}: {}", status.name(), describe(record),
                failures.stream().map(m -> m.getClass().getSimpleName() + " " + m.partitionKey()).toList(), reason);
        return true;
    }

    /**
     * For a rebalance listener's revoke, on the loop thread once nothing of these partitions is in flight: a clean
     * hand-over (a rebalance, a shutdown) is not a death, so the notes this ownership added to records not committed
     * since are taken back. Not after the loop crashed: that is what the notes count.
     */
    protected void releaseAttempts(Collection<TopicPartition> partitions) {
        if (crashed) {
            breaker.forget(partitions);
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> restore = breaker.release(partitions, lastCommitted);
        if (!restore.isEmpty() && !commitOffsets(List.of(), restore, consumer.groupMetadata())) {
            LOG.warn("{}: the start notes of {} could not be taken back; those records count one start more",
                    status.name(), restore.keySet());
        }
    }

    /** For a rebalance listener's lost partitions: nothing can be committed for them any more. */
    protected void forgetAttempts(Collection<TopicPartition> partitions) {
        breaker.forget(partitions);
    }

    /** Seeks back to the first of these records in each partition this consumer still owns. */
    protected void rewind(Collection<ConsumerRecord<String, byte[]>> consumed) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : consumed) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        for (Map.Entry<TopicPartition, Long> e : first.entrySet()) {
            if (consumer.assignment().contains(e.getKey())) {
                consumer.seek(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Seeks every owned partition back to the group's committed offset (its beginning if none), as a restarted
     * consumer would start: whatever was polled but not committed is consumed again.
     */
    protected void rewindToCommitted() {
        Set<TopicPartition> owned = consumer.assignment();
        if (owned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(owned);
        for (TopicPartition tp : owned) {
            OffsetAndMetadata o = committed.get(tp);
            if (o == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, o.offset());
            }
        }
    }

    /** Sleeps for the retry backoff, waking early when the loop stops. */
    protected void backoff() {
        long until = System.nanoTime() + config.retryBackoff().toNanos();
        while (!stopping && System.nanoTime() < until) {
            // poll (paused) so the consumer stays in its group during the pause
            consumer.pause(consumer.assignment());
            ConsumerRecords<String, byte[]> ignored = poll();
            if (!ignored.isEmpty()) {
                rewind(listOf(ignored));
            }
        }
        consumer.resume(consumer.paused());
    }

    protected static List<ConsumerRecord<String, byte[]>> listOf(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        return list;
    }

    private void closeQuietly() {
        try {
            beforeClose();
        } catch (RuntimeException e) {
            LOG.warn("stopping the {} loop's threads failed: {}", status.name(), e.toString());
        }
        try {
            consumer.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the {} consumer failed: {}", status.name(), e.toString());
        }
        try {
            producer.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the {} producer failed: {}", status.name(), e.toString());
        }
    }
}
