package com.cyclefleet.coordinator.kafka;

import com.cyclefleet.coordinator.state.FleetState;
import com.cyclefleet.protocol.codec.Envelope;
import com.cyclefleet.protocol.codec.MalformedMessageException;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumes the event topic (and the two task topics, for pending work, and the heartbeats, for live workers) into a
 * {@link FleetState}, which folds each record. At start it assigns every partition, seeks to the beginning and
 * replays up to the end offsets seen at start ({@link #awaitReplayed}); then it keeps following the topics. It reads only committed transactions and commits no offsets: each start
 * replays the whole history, which is what makes a restarted coordinator know everything.
 *
 * <p>Records that cannot be decoded are skipped with a warning (the coordinator is not their consumer of record;
 * the workers dead-letter task records they cannot read).
 */
public final class StateConsumer implements AutoCloseable {

    /** The topics the state is folded from. */
    public static final List<String> TOPICS = List.of(Topics.EVENTS, Topics.TRAIN_TASKS, Topics.TRANSLATE_TASKS,
            Topics.HEARTBEATS);

    private static final System.Logger LOG = System.getLogger(StateConsumer.class.getName());
    /** Bound of each metadata call before the loop starts. */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<String, byte[]> consumer;
    private final FleetState state;
    private final MessageCodec codec;
    private final Duration pollTimeout;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final CountDownLatch replayed = new CountDownLatch(1);
    private final AtomicLong skipped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private Map<TopicPartition, Long> replayEnd;

    public StateConsumer(Map<String, Object> consumerConfig, FleetState state, MessageCodec codec, Duration pollTimeout) {
        this.consumer = new KafkaConsumer<>(consumerConfig);
        this.state = state;
        this.codec = codec;
        this.pollTimeout = pollTimeout;
        this.thread = new Thread(this::run, "cyclefleet-state-consumer");
        this.thread.setDaemon(true);
    }

    /** Assigns all partitions, seeks to the beginning and starts folding in the background. */
    public StateConsumer start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist at the broker; create the "
                        + "topics of com.cyclefleet.protocol.topic.Topics first (cyclefleet.kafka.create-topics)");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        // with read_committed these are the last stable offsets: everything committed before we started
        replayEnd = new HashMap<>(consumer.endOffsets(partitions, METADATA_TIMEOUT));
        for (TopicPartition tp : partitions) {
            positions.put(tp, consumer.position(tp, METADATA_TIMEOUT));
        }
        checkReplayed();
        thread.start();
        return this;
    }

    /** Waits until the history that existed at start has been applied. */
    public void awaitReplayed(Duration timeout) throws InterruptedException {
        if (!replayed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("replaying the event history did not finish within "
                    + timeout.toSeconds() + " s" + (failure == null ? "" : ": " + failure));
        }
    }

    public boolean isReplayed() {
        return replayed.getCount() == 0;
    }

    public boolean isHealthy() {
        return running && failure == null && thread.isAlive();
    }

    public long skippedRecords() {
        return skipped.get();
    }

    /**
     * Waits until every given record (partition and offset) has been applied to the state.
     *
     * @return false on timeout
     */
    public boolean awaitApplied(Map<TopicPartition, Long> offsets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!applied(offsets)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || failure != null) {
                    return false;
                }
                progress.wait(left);
            }
            return true;
        }
    }

    private boolean applied(Map<TopicPartition, Long> offsets) {
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            Long position = positions.get(e.getKey());
            if (position == null || position <= e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                for (ConsumerRecord<String, byte[]> record : records) {
                    apply(record);
                }
                for (TopicPartition tp : consumer.assignment()) {
                    positions.put(tp, consumer.position(tp));
                }
                synchronized (progress) {
                    progress.notifyAll();
                }
                checkReplayed();
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.log(System.Logger.Level.ERROR, "state folding stopped", e);
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        Envelope envelope;
        try {
            envelope = codec.decodeEnvelope(record.value());
        } catch (MalformedMessageException e) {
            skipped.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "skipping unreadable record {0}-{1}@{2}: {3}", record.topic(),
                    record.partition(), record.offset(), e.reason());
            return;
        }
        state.apply(record.topic(), envelope);
    }

    private void checkReplayed() {
        if (replayed.getCount() == 0) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> end : replayEnd.entrySet()) {
            if (positions.getOrDefault(end.getKey(), 0L) < end.getValue()) {
                return;
            }
        }
        LOG.log(System.Logger.Level.INFO, "event history replayed: {0} records applied", state.appliedCount());
        replayed.countDown();
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            if (thread.getState() == Thread.State.NEW) {
                consumer.close();
            }
            return;
        }
        consumer.wakeup();
        try {
            thread.join(METADATA_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
