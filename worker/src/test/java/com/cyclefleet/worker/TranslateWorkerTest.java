package com.cyclefleet.worker;

import com.cyclefleet.engine.infer.GeneratorBundle;
import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.engine.train.Checkpoint;
import com.cyclefleet.engine.train.CycleGanTrainer;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.ObjectStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Translate tasks through a real broker and S3 server, with a worker running in this JVM. */
class TranslateWorkerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String MODEL = "m-tiny";
    private static final int GOOD = 12;

    @TempDir
    static Path tmp;
    private static ObjectStore store;
    private static KafkaProducer<String, byte[]> producer;
    private static final List<Path> inputs = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        store = TestFleet.store();
        producer = TestFleet.producer();
        Path data = tmp.resolve("synthetic");
        SyntheticDatasetWriter.write(data, 4, 32, 5L);
        CycleGanTrainer untrained = CycleGanTrainer.create(TestFleet.tinySpec(1, 1).parameters(),
                UnalignedDataset.open(data));
        // v1: the serving bundle; v2: a full checkpoint, which the worker also accepts
        store.put(ObjectLayout.modelArtifact(MODEL, 1), GeneratorBundle.of(untrained).toBytes(0), "application/zip");
        store.put(ObjectLayout.modelArtifact(MODEL, 2), Checkpoint.toBytes(untrained), "application/zip");
        try (Stream<Path> files = Files.list(data.resolve("trainA"))) {
            inputs.addAll(files.sorted().toList());
        }
    }

    @AfterAll
    static void tearDown() {
        producer.close();
        store.close();
    }

    private static TranslateTask task(String requestId, String model, int version, Direction direction,
                                      byte[] input) {
        store.put(ObjectLayout.translationInput(requestId), input, "image/png");
        return new TranslateTask(requestId, model, version, direction, ObjectLayout.translationInput(requestId),
                ObjectLayout.translationOutput(requestId), System.currentTimeMillis(), null);
    }

    @Test
    void batchGivesOneResultPerRequestAndBadRequestsFailWithAReason() throws Exception {
        List<TranslateTask> tasks = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            Direction direction = i % 2 == 0 ? Direction.A_TO_B : Direction.B_TO_A;
            int version = i < GOOD - 2 ? 1 : 2;
            tasks.add(task("req-" + i, MODEL, version, direction, Files.readAllBytes(inputs.get(i % inputs.size()))));
        }
        TranslateTask corrupt = task("req-corrupt", MODEL, 1, Direction.A_TO_B,
                "definitely not a PNG".getBytes(StandardCharsets.UTF_8));
        TranslateTask tiny = task("req-tiny", MODEL, 1, Direction.A_TO_B,
                ImageCodec.encode(FloatImage.fromRgb(2, 2, new int[4]), ImageCodec.PNG));
        TranslateTask unknown = task("req-unknown-model", "m-missing", 1, Direction.A_TO_B,
                Files.readAllBytes(inputs.get(0)));
        List<TranslateTask> all = new ArrayList<>(tasks);
        all.addAll(List.of(corrupt, tiny, unknown));

        // everything is queued before the worker starts, so its first polls see many requests together
        TestFleet.send(producer, new ProducerRecord<>(Topics.TRANSLATE_TASKS, MODEL,
                "garbage".getBytes(StandardCharsets.UTF_8)));
        String futureVersion = new String(TestFleet.CODEC.encode(tasks.get(0)), StandardCharsets.UTF_8)
                .replace("\"version\":1", "\"version\":99");
        TestFleet.send(producer, new ProducerRecord<>(Topics.TRANSLATE_TASKS, MODEL,
                futureVersion.getBytes(StandardCharsets.UTF_8)));
        for (TranslateTask t : all) {
            TestFleet.publish(producer, t);
        }

        Worker worker = Worker.start(TestFleet.workerConfig("test-translator", Set.of(WorkerRole.TRANSLATE),
                tmp.resolve("cache")));
        try (TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS)) {
            List<Message> results = events.awaitMessages(ms -> TestFleet.resultsFor(ms, all).size() >= all.size(), TIMEOUT,
                    all.size() + " translation results");
            // the worker goes on after the poison records: one more request, after the fact
            TranslateTask late = task("req-late", MODEL, 1, Direction.A_TO_B, Files.readAllBytes(inputs.get(1)));
            TestFleet.publish(producer, late);
            List<TranslateTask> withLate = new ArrayList<>(all);
            withLate.add(late);
            events.awaitMessages(ms -> TestFleet.resultsFor(ms, withLate).size() >= withLate.size(), TIMEOUT, "late result");
            results = events.drainFor(Duration.ofSeconds(1));

            Map<String, List<Message>> byRequest = TestFleet.resultsFor(results, withLate);
            for (TranslateTask t : withLate) {
                assertEquals(1, byRequest.get(t.requestId()).size(), "exactly one result for " + t.requestId());
            }
            int maxBatch = 0;
            for (TranslateTask t : tasks) {
                Message result = byRequest.get(t.requestId()).get(0);
                assertTrue(result instanceof TranslationDone, t.requestId() + ": " + result);
                TranslationDone done = (TranslationDone) result;
                assertEquals(t.outputKey(), done.outputKey());
                assertTrue(done.latencyMs() >= 0);
                maxBatch = Math.max(maxBatch, done.batchSize());
                FloatImage out = ImageCodec.decode(store.get(t.outputKey()), t.outputKey());
                assertEquals(32, out.width());
                assertEquals(32, out.height());
            }
            assertTrue(maxBatch > 1, "requests polled together are translated together");
            assertTrue(byRequest.get(late.requestId()).get(0) instanceof TranslationDone);

            assertTrue(failure(byRequest, corrupt).contains(corrupt.inputKey()), failure(byRequest, corrupt));
            assertTrue(failure(byRequest, tiny).contains("at least"), failure(byRequest, tiny));
            assertTrue(failure(byRequest, unknown).contains("unknown model m-missing v1"), failure(byRequest, unknown));

        } finally {
            worker.close();
        }

        try (TestFleet.TopicReader deadLetters = new TestFleet.TopicReader(Topics.DEAD_LETTER)) {
            List<ConsumerRecord<String, byte[]>> poison = deadLetters.awaitRecords(rs -> rs.stream()
                    .filter(r -> MODEL.equals(r.key())).count() >= 2, TIMEOUT, "2 dead letters").stream()
                    .filter(r -> MODEL.equals(r.key())).toList();
            assertEquals(2, poison.size());
            List<String> reasons = poison.stream().map(r -> new String(
                    r.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(), StandardCharsets.UTF_8)).toList();
            assertTrue(reasons.get(0).contains("not valid JSON"), reasons.toString());
            assertTrue(reasons.get(1).contains("unsupported version 99"), reasons.toString());
            assertEquals("garbage", new String(poison.get(0).value(), StandardCharsets.UTF_8));
        }
    }

    private static String failure(Map<String, List<Message>> byRequest, TranslateTask task) {
        Message m = byRequest.get(task.requestId()).get(0);
        assertTrue(m instanceof TranslationFailed, task.requestId() + ": " + m);
        return ((TranslationFailed) m).reason();
    }
}
