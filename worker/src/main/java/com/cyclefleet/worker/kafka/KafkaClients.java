package com.cyclefleet.worker.kafka;

import com.cyclefleet.worker.WorkerConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The worker's Kafka client settings, in one place. Consumers read only committed records (tasks published by an
 * aborted transaction never run) and never commit on their own: offsets are committed inside the producer's
 * transaction, together with the task's output events.
 */
public final class KafkaClients {

    /** A new consumer group starts from the oldest task, not only new ones. */
    private static final String OFFSET_RESET = "earliest";
    private static final String ACKS_ALL = "all";
    /** At least this many heartbeats per session timeout, as Kafka recommends. */
    private static final int HEARTBEATS_PER_SESSION = 3;
    /** Kafka's default heartbeat interval, kept unless the session timeout is short. */
    private static final int KAFKA_DEFAULT_HEARTBEAT_MS = 3_000;

    private KafkaClients() {
    }

    /**
     * A consumer of task records.
     *
     * @param group          the consumer group
     * @param role           a short name of the loop (client id suffix)
     * @param maxPollRecords records handed out by one poll
     */
    public static KafkaConsumer<String, byte[]> consumer(WorkerConfig config, String group, String role,
                                                         int maxPollRecords) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId(config, role));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, OFFSET_RESET);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        int session = Math.toIntExact(config.sessionTimeout().toMillis());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.min(
                KAFKA_DEFAULT_HEARTBEAT_MS, session / HEARTBEATS_PER_SESSION));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    /**
     * A transactional producer. The transactional id is stable per worker id and role, so a restarted worker fences
     * its previous incarnation and aborts a transaction it left open; offsets are committed with the consumer's
     * group metadata (KIP-447), which fences zombies after a rebalance.
     */
    public static KafkaProducer<String, byte[]> transactionalProducer(WorkerConfig config, String role) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId(config, role));
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(config, role));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, ACKS_ALL);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Math.toIntExact(config.transactionTimeout().toMillis()));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    public static String transactionalId(WorkerConfig config, String role) {
        return "cyclefleet-worker-" + config.workerId() + "-" + role;
    }

    private static String clientId(WorkerConfig config, String role) {
        return "cyclefleet-worker-" + config.workerId() + "-" + role;
    }
}
