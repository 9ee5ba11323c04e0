package com.cyclefleet.devstack;

import com.cyclefleet.kafka.TopicInitializer;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.TopicSpec;
import com.cyclefleet.protocol.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs against one real broker for the whole class; the last test restarts it on the same data. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerTest {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;
    private static KafkaBroker broker;
    private final MessageCodec codec = new MessageCodec();

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(KafkaBrokerConfig.defaults(dataDir));
        new TopicInitializer(broker.bootstrapServers())
                .ensureTopics(Topics.all(), TopicInitializer.SINGLE_NODE_REPLICATION);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
        assertFalse(broker.isRunning());
        assertFalse(Ports.isOpen(broker.port()));
    }

    @Test
    @Order(1)
    void topicsExistWithTheDeclaredPartitionsAndConfigs() throws Exception {
        try (Admin admin = admin()) {
            List<String> names = Topics.all().stream().map(TopicSpec::name).toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            for (TopicSpec spec : Topics.all()) {
                assertEquals(spec.partitions(), described.get(spec.name()).partitions().size(), spec.name());
            }
            ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS);
            Config config = admin.describeConfigs(List.of(events)).all().get().get(events);
            assertEquals("-1", config.get("retention.ms").value());
        }
    }

    @Test
    @Order(2)
    void ensureTopicsIsIdempotent() {
        assertEquals(List.of(), new TopicInitializer(broker.bootstrapServers())
                .ensureTopics(Topics.all(), TopicInitializer.SINGLE_NODE_REPLICATION));
    }

    /** The coordinator's way: a missing topic gets the broker's default replication factor (1 on one node). */
    @Test
    @Order(2)
    void ensureTopicsWithTheBrokerDefaultReplicationCreatesMissingTopics() throws Exception {
        TopicSpec spec = new TopicSpec("test.broker-default-replication", 3, Map.of("retention.ms", "60000"), "test");
        TopicInitializer initializer = new TopicInitializer(broker.bootstrapServers());
        assertEquals(List.of(spec.name()), initializer.ensureTopics(List.of(spec)));
        try (Admin admin = admin()) {
            TopicDescription described = admin.describeTopics(List.of(spec.name())).allTopicNames().get()
                    .get(spec.name());
            assertEquals(3, described.partitions().size());
            assertTrue(described.partitions().stream().allMatch(p -> p.replicas().size() == 1), described.toString());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
            assertEquals("60000", admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("retention.ms").value());
        }
        assertEquals(List.of(), initializer.ensureTopics(List.of(spec)));
    }

    /**
     * The worker's pattern: consume a task, then in one transaction publish the follow-up and commit the consumed
     * offset. A read_committed consumer sees the committed follow-up and never the aborted one.
     */
    @Test
    @Order(3)
    void transactionalConsumeProducePublishesOnlyCommittedRecords() throws Exception {
        String group = "test-" + UUID.randomUUID();
        TranslateTask first = task("req-1");
        TranslateTask committed = task("req-2");
        TranslateTask aborted = task("req-3");

        try (KafkaProducer<String, byte[]> plain = producer(null)) {
            plain.send(record(first)).get();
        }
        try (KafkaConsumer<String, byte[]> worker = consumer(group);
             KafkaProducer<String, byte[]> transactional = producer("test-tx-" + UUID.randomUUID())) {
            worker.subscribe(List.of(Topics.TRANSLATE_TASKS));
            ConsumerRecord<String, byte[]> consumed = receive(worker, 1).get(0);
            assertEquals(first, codec.decode(consumed.value()));

            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(record(committed));
            TopicPartition partition = new TopicPartition(consumed.topic(), consumed.partition());
            transactional.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(consumed.offset() + 1)),
                    worker.groupMetadata());
            transactional.commitTransaction();

            transactional.beginTransaction();
            transactional.send(record(aborted));
            transactional.abortTransaction();

            List<ConsumerRecord<String, byte[]>> next = receive(worker, 1);
            assertEquals(committed, codec.decode(next.get(0).value()));
            assertEquals(committed.modelId(), next.get(0).key());
            assertTrue(worker.poll(Duration.ofSeconds(1)).isEmpty(), "the aborted record must stay invisible");
            assertEquals(consumed.offset() + 1, worker.committed(Set.of(partition)).get(partition).offset());
        }
    }

    @Test
    @Order(4)
    void portInUseIsRefusedBeforeStarting(@TempDir Path otherDir) {
        KafkaBrokerConfig clash = KafkaBrokerConfig.defaults(otherDir).withPorts(broker.port(), 0);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KafkaBroker.start(clash));

        assertEquals("cannot start Kafka broker: port " + broker.port() + " on 127.0.0.1 is already in use",
                e.getMessage());
    }

    @Test
    @Order(4)
    void brokerThatDiesWhileStartingIsReportedWithItsLog(@TempDir Path otherDir) throws Exception {
        // storage formatted for another node id: the broker refuses it and exits
        Path logDir = Files.createDirectories(otherDir.resolve("kraft-logs"));
        Files.writeString(logDir.resolve("meta.properties"), "version=1\ncluster.id=" + Uuid.randomUuid()
                + "\nnode.id=" + (BrokerProperties.NODE_ID + 1) + "\ndirectory.id=" + Uuid.randomUuid() + "\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KafkaBroker.start(KafkaBrokerConfig.defaults(otherDir)));

        assertTrue(e.getMessage().startsWith("Kafka broker exited with code 1 while starting"), e.getMessage());
        assertTrue(e.getMessage().contains("doesn't match previous node id"), e.getMessage());
    }

    @Test
    @Order(5)
    void restartOnTheSameDataKeepsTopics() throws Exception {
        broker.close();
        broker = KafkaBroker.start(KafkaBrokerConfig.defaults(dataDir));

        try (Admin admin = admin()) {
            assertTrue(admin.listTopics().names().get().containsAll(
                    Topics.all().stream().map(TopicSpec::name).toList()));
        }
    }

    private TranslateTask task(String requestId) {
        return new TranslateTask(requestId, "model-" + requestId, 1, Direction.A_TO_B,
                "translations/" + requestId + "/input.png", "translations/" + requestId + "/output.png",
                System.currentTimeMillis(), null);
    }

    private ProducerRecord<String, byte[]> record(Message message) {
        return new ProducerRecord<>(Topics.topicFor(message), Topics.keyFor(message), codec.encode(message));
    }

    private static List<ConsumerRecord<String, byte[]>> receive(KafkaConsumer<String, byte[]> consumer, int count) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            consumer.poll(POLL).forEach(received::add);
        }
        assertEquals(count, received.size(), "records received within " + RECEIVE_TIMEOUT);
        return received;
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, byte[]> producer(String transactionalId) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(config);
    }

    private static KafkaConsumer<String, byte[]> consumer(String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
