package com.cyclefleet.worker.ops;

import com.cyclefleet.protocol.WorkerHeartbeat;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Sends this worker's {@link WorkerHeartbeat} at a fixed interval, on its own thread and its own plain producer:
 * a heartbeat must keep flowing while a chunk trains for minutes, and must never wait on (or abort) a task's
 * transaction. Fire and forget: a heartbeat lost while the broker is away is replaced by the next one.
 */
public final class Heartbeats implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private final Producer<String, byte[]> producer;
    private final MessageCodec codec = new MessageCodec();
    private final ScheduledExecutorService timer;
    private final String workerId;
    private final List<String> roles;
    private final Supplier<String> currentTask;
    private final long startedAtMillis;
    private final Duration interval;
    /** Logs an outage once, not once per heartbeat. */
    private final AtomicBoolean failing = new AtomicBoolean();

    private Heartbeats(Producer<String, byte[]> producer, String workerId, List<String> roles,
                       Supplier<String> currentTask, Clock clock, Duration interval) {
        this.producer = producer;
        this.workerId = workerId;
        this.roles = List.copyOf(roles);
        this.currentTask = currentTask;
        this.startedAtMillis = clock.millis();
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "worker-heartbeats");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts sending at once and then every {@code config.interval()}.
     *
     * @param currentTask what the worker is doing right now, null when idle
     */
    public static Heartbeats start(String kafkaBootstrap, String workerId, List<String> roles,
                                   Supplier<String> currentTask, Clock clock, HeartbeatConfig config) {
        Heartbeats heartbeats = new Heartbeats(new KafkaProducer<>(producerConfig(kafkaBootstrap, workerId,
                config.interval())), workerId, roles, currentTask, clock, config.interval());
        heartbeats.timer.scheduleAtFixedRate(heartbeats::beat, 0, config.interval().toMillis(),
                TimeUnit.MILLISECONDS);
        return heartbeats;
    }

    /**
     * Bounded so that a broker outage cannot pile up heartbeats: a send blocks at most one interval for metadata,
     * and an undelivered heartbeat is dropped after two.
     */
    static Map<String, Object> producerConfig(String bootstrap, String workerId, Duration interval) {
        int intervalMs = Math.toIntExact(interval.toMillis());
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "cyclefleet-worker-" + workerId + "-heartbeats");
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, intervalMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, intervalMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * intervalMs);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    private void beat() {
        WorkerHeartbeat heartbeat = new WorkerHeartbeat(workerId, roles, currentTask.get(), startedAtMillis,
                interval.toMillis());
        try {
            producer.send(new ProducerRecord<>(Topics.HEARTBEATS, Topics.keyFor(heartbeat), codec.encode(heartbeat)),
                    (metadata, error) -> outcome(error));
        } catch (RuntimeException e) {
            // a throw would end the schedule, and with it every later heartbeat
            outcome(e);
        }
    }

    private void outcome(Exception error) {
        if (error == null) {
            if (failing.compareAndSet(true, false)) {
                LOG.info("worker {}: heartbeats reach Kafka again", workerId);
            }
        } else if (failing.compareAndSet(false, true)) {
            LOG.warn("worker {}: heartbeat not delivered ({}); retrying every {} ms", workerId, error.toString(),
                    interval.toMillis());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(interval);
    }
}
