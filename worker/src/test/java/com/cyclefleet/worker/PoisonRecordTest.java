package com.cyclefleet.worker;

import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.formats.testing.HugePng;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.DatasetRef;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.JobFailed;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.ObjectStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14: a record whose processing kills the worker process was read again, uncommitted, by every restarted
 * worker, which died again. Here the kill is real: a child worker with a small heap and a pixel budget raised past
 * what that heap can decode runs out of memory on an 8000x8000 input, and exits at once, as the Dockerfile's
 * {@code -XX:+ExitOnOutOfMemoryError} makes it (without that flag ImageIO turns the error into a read failure of
 * that one image, and nothing dies). Restarted as a supervisor would, it dies on the record until its starts reach the limit; the next start
 * dead-letters it with a TranslationFailed and translates the requests around it, each exactly once.
 */
class PoisonRecordTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int MAX_ATTEMPTS = 2;
    /** Enough for the worker and a tiny model, far from the 192 MB raster of an 8000x8000 RGB image. */
    private static final String SMALL_HEAP = "-Xmx160m";
    private static final int SIDE = 8000;
    /** One epoch of the 5-image bad domain: every image is decoded at least once. */
    private static final int ITERATIONS = 5;
    /** The broker's group.min.session.timeout.ms: a dead child's partitions move on as soon as allowed. */
    private static final long SESSION_TIMEOUT_MS = 6_000;
    /** HotSpot's exit status after -XX:+ExitOnOutOfMemoryError. */
    private static final int EXIT_OUT_OF_MEMORY = 3;

    @TempDir
    Path tmp;

    @Test
    void aRecordThatKillsTheWorkerIsDeadLetteredAfterMaxAttemptsAndThePartitionMovesOn() throws Exception {
        String model = "m-poison";
        try (ObjectStore store = TestFleet.store(); KafkaProducer<String, byte[]> producer = TestFleet.producer();
             TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS);
             TestFleet.TopicReader deadLetters = new TestFleet.TopicReader(Topics.DEAD_LETTER)) {
            TestFleet.TinyModel tiny = TestFleet.tinyModel(tmp.resolve("synthetic"), 19L);
            store.put(ObjectLayout.modelArtifact(model, 1), tiny.bundle(), "application/zip");
            // one model, so one partition: the poison sits between two normal requests, in one batch
            TranslateTask before = task(store, model + "-before", model, tiny.photos().get(0));
            TranslateTask poison = task(store, model + "-huge", model, HugePng.rgb(SIDE, SIDE));
            TranslateTask after = task(store, model + "-after", model, tiny.photos().get(1));
            for (TranslateTask t : List.of(before, poison, after)) {
                TestFleet.publish(producer, t);
            }

            // the batch start that died was noted on the batch's first record, which then runs alone and is
            // committed; the poison's own starts alone are then counted to the limit
            dieOnThePoison(MAX_ATTEMPTS + 1, WorkerRole.TRANSLATE);

            Path log = tmp.resolve("translate-last.log");
            Process child = start(log, WorkerRole.TRANSLATE);
            try {
                List<TranslateTask> all = List.of(before, poison, after);
                events.awaitMessages(ms -> TestFleet.resultsFor(ms, all).size() == all.size(), TIMEOUT,
                        "a result for each request");
                Map<String, List<Message>> byRequest = TestFleet.resultsFor(events.drainFor(Duration.ofSeconds(1)),
                        all);
                for (TranslateTask t : all) {
                    assertEquals(1, byRequest.get(t.requestId()).size(), "exactly one result: " + byRequest);
                }
                Message result = byRequest.get(poison.requestId()).get(0);
                assertTrue(result instanceof TranslationFailed, result.toString());
                String reason = ((TranslationFailed) result).reason();
                assertTrue(reason.contains(poison.inputKey()) && reason.contains("died " + MAX_ATTEMPTS + " times"),
                        reason);
                assertTrue(byRequest.get(before.requestId()).get(0) instanceof TranslationDone,
                        byRequest.get(before.requestId()).toString());
                assertTrue(byRequest.get(after.requestId()).get(0) instanceof TranslationDone,
                        "the partition moves on: " + byRequest.get(after.requestId()));

                List<ConsumerRecord<String, byte[]>> letters = deadLetters.awaitRecords(rs -> rs.stream()
                        .anyMatch(r -> isDeadLetterOf(r, poison)), TIMEOUT, "the poison record's dead letter");
                ConsumerRecord<String, byte[]> letter = letters.stream().filter(r -> isDeadLetterOf(r, poison))
                        .findFirst().orElseThrow();
                assertTrue(header(letter, Topics.DEAD_LETTER_REASON_HEADER).contains("given up after "
                        + MAX_ATTEMPTS + " attempts"), header(letter, Topics.DEAD_LETTER_REASON_HEADER));
                assertEquals(1, deadLetters.drainFor(Duration.ofSeconds(1)).stream().filter(m -> m instanceof
                        TranslateTask t && t.requestId().equals(poison.requestId())).count(),
                        "one dead letter for the poison record");
                assertTrue(child.isAlive(), "the worker stays up: " + Files.readString(log));
            } finally {
                stop(child);
            }
        }
    }

    @Test
    void aChunkThatKillsTheWorkerFailsItsJobAfterMaxAttemptsAndTheNextJobTrains() throws Exception {
        try (ObjectStore store = TestFleet.store(); KafkaProducer<String, byte[]> producer = TestFleet.producer();
             TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS);
             TestFleet.TopicReader deadLetters = new TestFleet.TopicReader(Topics.DEAD_LETTER)) {
            Path data = tmp.resolve("synthetic");
            SyntheticDatasetWriter.write(data, 4, 32, 23L);
            DatasetRef good = upload(store, data, "poison-good");
            DatasetRef bad = upload(store, data, "poison-bad");
            // within the raised budget, so only decoding it in the first iterations finds out it does not fit
            store.put(bad.prefixA() + "aa-huge.png", HugePng.rgb(SIDE, SIDE), "image/png");
            String badJob = "job-poison-chunk";
            TestFleet.publish(producer, new TrainChunkTask(badJob, 0, 0, ITERATIONS, 600, null, bad,
                    TestFleet.tinySpec(ITERATIONS, ITERATIONS), null, null, null));

            // every chunk start is noted: each death is one
            dieOnThePoison(MAX_ATTEMPTS, WorkerRole.TRAIN);

            Path log = tmp.resolve("train-last.log");
            Process child = start(log, WorkerRole.TRAIN);
            try {
                List<Message> seen = events.awaitMessages(ms -> ms.stream().anyMatch(m -> m instanceof JobFailed f
                        && f.jobId().equals(badJob)), TIMEOUT, "JobFailed of " + badJob);
                JobFailed failed = seen.stream().filter(m -> m instanceof JobFailed f && f.jobId().equals(badJob))
                        .map(JobFailed.class::cast).findFirst().orElseThrow();
                assertTrue(failed.reason().startsWith("chunk 0: ")
                        && failed.reason().contains("died " + MAX_ATTEMPTS + " times"), failed.reason());
                deadLetters.awaitMessages(ms -> ms.stream().anyMatch(m -> m instanceof TrainChunkTask t
                        && t.jobId().equals(badJob)), TIMEOUT, "the chunk's dead letter");

                String goodJob = "job-after-poison-chunk";
                TestFleet.publish(producer, new TrainChunkTask(goodJob, 0, 0, 2, 600, null, good,
                        TestFleet.tinySpec(2, 2), null, null, null));
                seen = events.awaitMessages(ms -> ms.stream().anyMatch(m -> m instanceof JobDone d
                        && d.jobId().equals(goodJob)), TIMEOUT, "JobDone of " + goodJob);
                assertEquals(1, seen.stream().filter(m -> m instanceof JobFailed f && f.jobId().equals(badJob))
                        .count(), "one JobFailed");
                assertTrue(seen.stream().noneMatch(m -> m instanceof ChunkDone c && c.jobId().equals(badJob)),
                        "the poison chunk never completed");
                assertTrue(child.isAlive(), "the worker stays up: " + Files.readString(log));
            } finally {
                stop(child);
            }
        }
    }

    /** Starts a child worker {@code runs} times; each must die of running out of heap. */
    private void dieOnThePoison(int runs, WorkerRole role) throws Exception {
        for (int run = 1; run <= runs; run++) {
            Path log = tmp.resolve(role.wireName() + "-" + run + ".log");
            Process child = start(log, role);
            try {
                assertTrue(child.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                        "run " + run + " dies on the record: " + Files.readString(log));
            } finally {
                child.destroyForcibly();
            }
            String output = Files.readString(log);
            assertEquals(EXIT_OUT_OF_MEMORY, child.exitValue(), output);
            assertTrue(output.contains("OutOfMemoryError"), output);
        }
    }

    private static void stop(Process child) throws InterruptedException {
        child.destroy();
        if (!child.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
    }

    private static DatasetRef upload(ObjectStore store, Path data, String name) throws IOException {
        TestFleet.uploadFolder(store, data.resolve("trainA"), ObjectLayout.datasetPrefix(name) + "A/");
        TestFleet.uploadFolder(store, data.resolve("trainB"), ObjectLayout.datasetPrefix(name) + "B/");
        return new DatasetRef(store.bucket(), ObjectLayout.datasetPrefix(name) + "A/",
                ObjectLayout.datasetPrefix(name) + "B/");
    }

    /** A child worker as a supervisor restarts it: same id, a small heap, the budget raised past that heap. */
    private Process start(Path log, WorkerRole role) throws IOException {
        WorkerConfig config = TestFleet.workerConfig("test-poison-" + role.wireName(), Set.of(role),
                tmp.resolve("cache"));
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), SMALL_HEAP,
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                WorkerMain.class.getName()));
        builder.environment().putAll(config.toEnvironment());
        builder.environment().put(WorkerConfig.ENV_MAX_PIXELS, Long.toString((long) SIDE * SIDE));
        builder.environment().put(WorkerConfig.ENV_MAX_ATTEMPTS, Integer.toString(MAX_ATTEMPTS));
        builder.environment().put(WorkerConfig.ENV_SESSION_TIMEOUT_MS, Long.toString(SESSION_TIMEOUT_MS));
        builder.environment().putAll(Map.of("OMP_NUM_THREADS", "1", "OMP_WAIT_POLICY", "PASSIVE"));
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static boolean isDeadLetterOf(ConsumerRecord<String, byte[]> record, TranslateTask task) {
        return new String(record.value(), StandardCharsets.UTF_8).contains(task.requestId());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static TranslateTask task(ObjectStore store, String requestId, String model, byte[] input) {
        store.put(ObjectLayout.translationInput(requestId), input, "image/png");
        return new TranslateTask(requestId, model, 1, Direction.A_TO_B, ObjectLayout.translationInput(requestId),
                ObjectLayout.translationOutput(requestId), System.currentTimeMillis(), null);
    }
}
