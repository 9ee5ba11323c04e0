package com.cyclefleet.worker;

import com.cyclefleet.engine.infer.GeneratorBundle;
import com.cyclefleet.formats.training.GanMode;
import com.cyclefleet.formats.training.GeneratorArchitecture;
import com.cyclefleet.formats.training.ResizeMode;
import com.cyclefleet.formats.training.TrainingParameters;

import com.cyclefleet.devstack.FleetInfra;
import com.cyclefleet.formats.image.PixelBudget;
import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.engine.train.Checkpoint;
import com.cyclefleet.engine.train.CycleGanTrainer;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.protocol.TrainingSpec;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** One real broker and S3 server for all worker tests in this JVM, plus small Kafka helpers. */
final class TestFleet {

    static final MessageCodec CODEC = new MessageCodec();
    private static final Duration POLL = Duration.ofMillis(200);
    private static FleetInfra infra;

    private TestFleet() {
    }

    static synchronized FleetInfra infra() {
        if (infra == null) {
            infra = FleetInfra.start();
            FleetInfra started = infra;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-fleet-stop"));
        }
        return infra;
    }

    /** Log-end offsets minus the group's committed offsets, summed over the topic's partitions (what KEDA sees). */
    static long committedLag(String group, String topic) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap()))) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            for (int p = 0; p < partitions; p++) {
                latest.put(new org.apache.kafka.common.TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                var c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    static ObjectStore store() {
        return ObjectStore.connect(infra().storageConfig());
    }

    /** A worker configuration for tests: given roles, any free HTTP port, a temporary cache. */
    static WorkerConfig workerConfig(String workerId, Set<WorkerRole> roles, Path cacheDir) {
        return new WorkerConfig(infra().kafkaBootstrap(), infra().storageConfig(), workerId, roles, "127.0.0.1", 0,
                cacheDir, WorkerConfig.DEFAULT_MODEL_CACHE_SIZE, WorkerConfig.DEFAULT_TRANSLATE_MAX_BATCH,
                Duration.ofMillis(WorkerConfig.DEFAULT_TRANSLATE_LINGER_MS), Duration.ofMillis(WorkerConfig.DEFAULT_POLL_MS), Duration.ofMillis(WorkerConfig.DEFAULT_RETRY_BACKOFF_MS),
                Duration.ofSeconds(WorkerConfig.DEFAULT_HEALTH_STALE_S),
                Duration.ofMillis(WorkerConfig.DEFAULT_TX_TIMEOUT_MS),
                Duration.ofMillis(WorkerConfig.DEFAULT_SESSION_TIMEOUT_MS), PixelBudget.DEFAULT,
                WorkerConfig.DEFAULT_MAX_ATTEMPTS, Duration.ofSeconds(WorkerConfig.DEFAULT_STOP_GRACE_S));
    }

    /** The tiny model of every test: 6-block ResNet, 8 filters, 32x32 crops. */
    static TrainingSpec tinySpec(long totalIterations, int sampleEvery) {
        return new TrainingSpec(tinyParameters(1, 1), totalIterations, sampleEvery);
    }

    /** ResNet-6 at width 8 on 32x32 crops, pool 2, seed 7; the rest the reference defaults. */
    static TrainingParameters tinyParameters(int epochs, int epochsDecay) {
        TrainingParameters d = TrainingParameters.defaults();
        return new TrainingParameters(GeneratorArchitecture.RESNET_6BLOCKS, 8, 8, d.discriminatorLayers(),
                GanMode.LSGAN, 10.0, 10.0, 0.5, 2, 2e-4, 0.5, d.beta2(), d.adamEps(), epochs, epochsDecay, 1, 7L, 32,
                32, d.flip(), ResizeMode.BICUBIC, ResizeMode.BICUBIC, d.serialBatches());
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    static void publish(KafkaProducer<String, byte[]> producer, Message message) {
        send(producer, new ProducerRecord<>(Topics.topicFor(message), Topics.keyFor(message), CODEC.encode(message)));
    }

    static void send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e);
        }
    }

    /** A read-committed reader of a whole topic from its beginning, outside any consumer group. */
    static final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

        TopicReader(String topic) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Polls until the records read so far satisfy the condition; returns them all. */
        List<ConsumerRecord<String, byte[]>> awaitRecords(Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                          Duration timeout, String what) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                            + "; read " + records.size() + " records: " + describe(records));
                }
                consumer.poll(POLL).forEach(records::add);
            }
            return List.copyOf(records);
        }

        /** Decoded messages read so far (undecodable records skipped), after polling until the condition holds. */
        List<Message> awaitMessages(Predicate<List<Message>> done, Duration timeout, String what) {
            List<Message> messages = new ArrayList<>();
            awaitRecords(recs -> {
                messages.clear();
                messages.addAll(decodeAll(recs));
                return done.test(messages);
            }, timeout, what);
            return messages;
        }

        /** Reads whatever else arrives during the given time (to check that nothing more comes). */
        List<Message> drainFor(Duration time) {
            long until = System.nanoTime() + time.toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(POLL).forEach(records::add);
            }
            return decodeAll(records);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    static List<Message> decodeAll(List<ConsumerRecord<String, byte[]>> records) {
        List<Message> messages = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                messages.add(CODEC.decode(r.value()));
            } catch (Exception e) {
                // not a message: tests that care read the raw records
            }
        }
        return messages;
    }

    private static String describe(List<ConsumerRecord<String, byte[]>> records) {
        return decodeAll(records).stream().map(m -> m.getClass().getSimpleName() + "(" + m.partitionKey() + ")")
                .toList().toString();
    }

    /** Uploads every file of a folder under a key prefix. */
    static void uploadFolder(ObjectStore store, Path folder, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                store.put(prefix + file.getFileName(), file);
            }
        }
    }

    /** The TranslationDone / TranslationFailed messages of these tasks' requests, by request id. */
    static Map<String, List<Message>> resultsFor(List<Message> messages, List<TranslateTask> tasks) {
        Set<String> ids = new HashSet<>();
        tasks.forEach(t -> ids.add(t.requestId()));
        Map<String, List<Message>> byRequest = new HashMap<>();
        for (Message m : messages) {
            String id = m instanceof TranslationDone d ? d.requestId()
                    : m instanceof TranslationFailed f ? f.requestId() : null;
            if (id != null && ids.contains(id)) {
                byRequest.computeIfAbsent(id, k -> new ArrayList<>()).add(m);
            }
        }
        return byRequest;
    }

    /** An untrained tiny model's serving bundle and the synthetic photos (PNG bytes) it is tried on. */
    record TinyModel(byte[] bundle, List<byte[]> photos) {
    }

    /** Writes a 4-image synthetic dataset (32x32) under {@code dir} and builds an untrained tiny model beside it. */
    static TinyModel tinyModel(Path dir, long seed) throws IOException {
        SyntheticDatasetWriter.write(dir, 4, 32, seed);
        CycleGanTrainer untrained = CycleGanTrainer.create(tinySpec(1, 1).parameters(),
                UnalignedDataset.open(dir));
        List<byte[]> photos = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("trainA"))) {
            for (Path f : files.sorted().toList()) {
                photos.add(Files.readAllBytes(f));
            }
        }
        return new TinyModel(GeneratorBundle.of(untrained).toBytes(0), photos);
    }
}
