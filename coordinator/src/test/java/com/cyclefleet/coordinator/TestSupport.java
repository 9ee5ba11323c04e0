package com.cyclefleet.coordinator;

import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.codec.MalformedMessageException;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.Topics;
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
import org.eclipse.microprofile.config.ConfigProvider;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Helpers shared by the tests: images, .npy files, zips, and raw Kafka clients playing the worker. */
final class TestSupport {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final MessageCodec CODEC = new MessageCodec();

    private TestSupport() {
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("cyclefleet.kafka.bootstrap", String.class);
    }

    static byte[] png(int size, int seed) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, (x * 31 + y * 17 + seed * 101) * 0x010203 & 0xffffff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A version 1.0 .npy file with the given dtype descr and shape, zero data of 4-byte elements. */
    static byte[] npy(String descr, int... shape) {
        StringBuilder dims = new StringBuilder();
        int elements = 1;
        for (int d : shape) {
            dims.append(d).append(", ");
            elements *= d;
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims.toString().trim() + "), }";
        int preamble = 10;
        int total = preamble + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(preamble + header.length() + elements * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        buffer.putShort((short) header.length());
        buffer.put(header.getBytes(StandardCharsets.ISO_8859_1));
        return buffer.array();
    }

    /** The .npy files of one reference generator ({@code prefix} + key + .npy), zeros of the right shapes. */
    static Map<String, byte[]> generatorNpys(String prefix, int blocks, int ngf) {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        com.cyclefleet.formats.weights.ResnetGeneratorLayout.shapes(blocks, ngf).forEach((key, shape) ->
                files.put(prefix + key + ".npy", npy("<f4", shape.stream().mapToInt(Long::intValue).toArray())));
        return files;
    }

    /** A weights zip with G_A/ and G_B/ generators of the given architecture. */
    static byte[] generatorWeights(int blocks, int ngf) {
        Map<String, byte[]> files = new java.util.TreeMap<>(generatorNpys("G_A/", blocks, ngf));
        files.putAll(generatorNpys("G_B/", blocks, ngf));
        return zip(files);
    }

    /** Every message of a type on a topic up to its current end (committed records only). */
    static <T extends Message> List<T> all(String topic, Class<T> type) {
        List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumerFromStart(topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + WAIT);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        Message m = CODEC.decode(r.value());
                        if (type.isInstance(m)) {
                            found.add(type.cast(m));
                        }
                    } catch (MalformedMessageException ignored) {
                        // not ours
                    }
                }
            }
        }
        return found;
    }

    static byte[] unzipEntry(byte[] zip, String name) {
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no entry " + name);
    }

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** Publishes a message the way a worker does (topic and key from Topics). */
    static void publish(KafkaProducer<String, byte[]> producer, Message message) {
        try {
            producer.send(new ProducerRecord<>(Topics.topicFor(message), Topics.keyFor(message),
                    CODEC.encode(message))).get();
        } catch (Exception e) {
            throw new IllegalStateException("publish failed", e);
        }
    }

    static KafkaConsumer<String, byte[]> consumerFromStart(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Reads a topic from the start until a record matches, returning its key and message. */
    static <T extends Message> Keyed<T> find(String topic, Class<T> type, Predicate<T> match) {
        try (KafkaConsumer<String, byte[]> consumer = consumerFromStart(topic)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        Message m = CODEC.decode(r.value());
                        if (type.isInstance(m) && match.test(type.cast(m))) {
                            return new Keyed<>(r.key(), type.cast(m));
                        }
                    } catch (MalformedMessageException ignored) {
                        // not ours
                    }
                }
            }
        }
        throw new AssertionError("no matching " + type.getSimpleName() + " on " + topic + " within " + WAIT);
    }

    record Keyed<T>(String key, T message) {
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
