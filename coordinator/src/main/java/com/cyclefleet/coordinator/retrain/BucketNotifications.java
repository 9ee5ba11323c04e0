package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.kafka.TopicInitializer;
import com.cyclefleet.protocol.topic.TopicSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Consumes MinIO's bucket notifications (compose and k8s) and reports the created images to {@link DataArrival}.
 * Offsets are committed only after the events are published, so a crash re-reads the last records, which the
 * dedup drops. A record that is not a bucket notification is logged and skipped: it cannot block the feed.
 */
final class BucketNotifications implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BucketNotifications.class);
    /** As the deploy files create it: MinIO's events are few, and one partition keeps them in order. */
    private static final int NOTIFICATION_PARTITIONS = 1;

    private final Fleet fleet;
    private final DataArrival arrival;
    private final MinioEvents events;
    private final ImageKeys keys;
    private final KafkaConsumer<String, byte[]> consumer;
    private final RetrainConfig.Notifications config;
    private final Thread thread;
    private final String bootstrap;
    private final boolean createTopic;
    private volatile boolean running = true;

    BucketNotifications(Fleet fleet, DataArrival arrival, ObjectMapper mapper, CoordinatorConfig coordinator,
                        RetrainConfig.Notifications config) {
        this.fleet = fleet;
        this.arrival = arrival;
        this.config = config;
        this.events = new MinioEvents(mapper, coordinator.s3().bucket());
        this.keys = new ImageKeys(coordinator.translation().batchExtensions());
        this.bootstrap = coordinator.kafka().bootstrap();
        this.createTopic = coordinator.kafka().createTopics();
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, coordinator.kafka().bootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
        this.thread = new Thread(this::run, "cyclefleet-bucket-notifications");
        this.thread.setDaemon(true);
    }

    BucketNotifications start() {
        thread.start();
        return this;
    }

    private void run() {
        if (createTopic) {
            createTopic();
        }
        consumer.subscribe(List.of(config.topic()));
        LOG.infof("consuming bucket notifications from %s (group %s)", config.topic(), config.group());
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(config.pollTimeout());
                if (records.isEmpty()) {
                    continue;
                }
                List<DataArrival.Seen> seen = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    seen.addAll(read(r));
                }
                if (!publishUntilDone(seen)) {
                    return;
                }
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            // close() woke the poll
        } catch (RuntimeException e) {
            LOG.errorf(e, "bucket notification consumer stopped");
        } finally {
            consumer.close();
        }
    }

    /**
     * Where the coordinator creates the fleet's topics, it creates MinIO's too (compose and k8s create it beside
     * them), so the consumer has a topic to subscribe to before MinIO's first event.
     */
    private void createTopic() {
        try {
            // the broker's default replication factor, as the coordinator creates the fleet's own topics
            List<String> created = new TopicInitializer(bootstrap).ensureTopics(List.of(new TopicSpec(config.topic(),
                    NOTIFICATION_PARTITIONS, Map.of(), "object key (MinIO's)")));
            if (!created.isEmpty()) {
                LOG.infof("created topic %s (%d partition)", config.topic(), NOTIFICATION_PARTITIONS);
            }
        } catch (RuntimeException e) {
            // the consumer still subscribes: MinIO, or whoever deploys it, may create the topic later
            LOG.warnf("cannot create topic %s: %s", config.topic(), e);
        }
    }

    private List<DataArrival.Seen> read(ConsumerRecord<String, byte[]> r) {
        List<DataArrival.Seen> seen = new ArrayList<>();
        try {
            for (String key : events.createdKeys(r.value() == null ? new byte[0] : r.value())) {
                Optional<DataArrival.Seen> owner = keys.owner(key, fleet.state().datasets());
                owner.ifPresent(seen::add);
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipped bucket notification %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
        return seen;
    }

    /** Retries a failed publication: committing the offsets without it would lose the arrivals. */
    private boolean publishUntilDone(List<DataArrival.Seen> seen) {
        while (running) {
            try {
                arrival.offer(seen, "bucket notification");
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("bucket notification arrivals not published yet (%s); retrying", e.toString());
                try {
                    Thread.sleep(config.pollTimeout().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(config.pollTimeout().toMillis() * 10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
