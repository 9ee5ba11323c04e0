package com.cyclefleet.coordinator.kafka;

import com.cyclefleet.kafka.ProducerFailure;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Publishes groups of messages atomically: each group's messages become visible to read_committed consumers together
 * or not at all. Groups queued while a transaction is in flight are committed together in the next transaction
 * (group commit), so many concurrent requests cost one commit instead of one each.
 *
 * <p>A publication completes with the offset of each record it wrote, so the caller can wait until the state
 * consumer has applied them (read-your-writes).
 */
public final class Publisher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Publisher.class.getName());
    /** How often the idle publisher thread checks whether it should stop. */
    private static final Duration IDLE_CHECK = Duration.ofSeconds(1);
    /** Bounds for closing: the producer flushes nothing (every send is inside a finished transaction). */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** Offsets of the records one publication wrote. */
    public record Written(Map<TopicPartition, Long> offsets) {
    }

    private record Pending(List<Message> messages, CompletableFuture<Written> done) {
    }

    private final Supplier<Producer<String, byte[]>> producerFactory;
    private final MessageCodec codec;
    private final int maxMessagesPerTransaction;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private Producer<String, byte[]> producer;

    public Publisher(Map<String, Object> producerConfig, MessageCodec codec, int maxMessagesPerTransaction) {
        this(() -> new KafkaProducer<>(producerConfig), codec, maxMessagesPerTransaction);
    }

    Publisher(Supplier<Producer<String, byte[]>> producerFactory, MessageCodec codec, int maxMessagesPerTransaction) {
        this.producerFactory = producerFactory;
        this.codec = codec;
        this.maxMessagesPerTransaction = maxMessagesPerTransaction;
        this.producer = newProducer();
        this.thread = new Thread(this::run, "cyclefleet-publisher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues the messages for one atomic publication. */
    public CompletableFuture<Written> publish(List<Message> messages) {
        CompletableFuture<Written> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the publisher is shut down"));
        } else if (messages.isEmpty()) {
            done.complete(new Written(Map.of()));
        } else {
            queue.add(new Pending(List.copyOf(messages), done));
        }
        return done;
    }

    /** Publishes and waits for the commit. */
    public Written publishAndWait(List<Message> messages, Duration timeout) {
        try {
            return publish(messages).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new PublishException("Kafka did not accept the messages: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("Kafka did not commit the messages within " + timeout.toSeconds()
                    + " s; they were not accepted", e);
        }
    }

    private void run() {
        while (running) {
            Pending first;
            try {
                first = queue.poll(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            batch.add(first);
            int messages = first.messages().size();
            while (messages < maxMessagesPerTransaction) {
                Pending next = queue.peek();
                if (next == null || messages + next.messages().size() > maxMessagesPerTransaction) {
                    break;
                }
                batch.add(queue.poll());
                messages += next.messages().size();
            }
            commit(batch);
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the publisher shut down"));
        }
    }

    private void commit(List<Pending> batch) {
        List<List<Future<RecordMetadata>>> sends = new ArrayList<>();
        try {
            producer.beginTransaction();
            for (Pending pending : batch) {
                List<Future<RecordMetadata>> futures = new ArrayList<>();
                for (Message message : pending.messages()) {
                    futures.add(producer.send(new ProducerRecord<>(Topics.topicFor(message),
                            Topics.keyFor(message), codec.encode(message))));
                }
                sends.add(futures);
            }
            producer.commitTransaction();
        } catch (RuntimeException e) {
            fail(batch, e);
            recover(e);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            try {
                for (Future<RecordMetadata> f : sends.get(i)) {
                    RecordMetadata m = f.get();
                    offsets.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::max);
                }
                batch.get(i).done().complete(new Written(offsets));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.get(i).done().completeExceptionally(e);
            } catch (ExecutionException e) {
                // cannot happen after a successful commit, but never leave a caller hanging
                batch.get(i).done().completeExceptionally(e.getCause());
            }
        }
    }

    private static void fail(List<Pending> batch, RuntimeException e) {
        for (Pending pending : batch) {
            pending.done().completeExceptionally(e);
        }
    }

    private void recover(RuntimeException e) {
        if (ProducerFailure.of(e) == ProducerFailure.FATAL) {
            LOG.log(System.Logger.Level.WARNING, "transactional producer unusable (" + e + "); creating a new one");
            closeQuietly();
            producer = newProducer();
            return;
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException abortFailed) {
            LOG.log(System.Logger.Level.WARNING, "abort failed (" + abortFailed + "); creating a new producer");
            closeQuietly();
            producer = newProducer();
        }
    }

    private Producer<String, byte[]> newProducer() {
        Producer<String, byte[]> p = producerFactory.get();
        p.initTransactions();
        return p;
    }

    private void closeQuietly() {
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException ignored) {
            // the producer is being replaced
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }
}
