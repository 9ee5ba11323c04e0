package com.cyclefleet.worker;

import com.cyclefleet.formats.testing.HugePng;
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
 * what that heap can decode runs out of memory on an 8000x8000 input (and exits, as the Dockerfile's
 * {@code -XX:+ExitOnOutOfMemoryError} makes it). Restarted as a supervisor would, it dies on the record until its
 * starts reach the limit; the next start dead-letters it with a TranslationFailed and translates what comes next.
 */
class PoisonRecordTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int MAX_ATTEMPTS = 2;
    /** Enough for the worker and a tiny model, far from the 192 MB raster of an 8000x8000 RGB image. */
    private static final String SMALL_HEAP = "-Xmx160m";
    private static final int SIDE = 8000;
    /** The broker's group.min.session.timeout.ms: a dead child's partitions move on as soon as allowed. */
    private static final long SESSION_TIMEOUT_MS = 6_000;
    /** HotSpot's exit status after -XX:+ExitOnOutOfMemoryError. */
    private static final int EXIT_OUT_OF_MEMORY = 3;

    @TempDir
    Path tmp;

    @Test
    void aRecordThatKillsTheWorkerIsDeadLetteredAfterMaxAttemptsAndTheNextRequestSucceeds() throws Exception {
        String model = "m-poison";
        try (ObjectStore store = TestFleet.store(); KafkaProducer<String, byte[]> producer = TestFleet.producer();
             TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS);
             TestFleet.TopicReader deadLetters = new TestFleet.TopicReader(Topics.DEAD_LETTER)) {
            TestFleet.TinyModel tiny = TestFleet.tinyModel(tmp.resolve("synthetic"), 19L);
            store.put(ObjectLayout.modelArtifact(model, 1), tiny.bundle(), "application/zip");
            TranslateTask poison = task(store, model + "-huge", model, HugePng.rgb(SIDE, SIDE));
            TestFleet.publish(producer, poison);

            for (int run = 1; run <= MAX_ATTEMPTS; run++) {
                Path log = tmp.resolve("worker-" + run + ".log");
                Process child = start(log);
                try {
                    assertTrue(child.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                            "run " + run + " dies on the record: " + Files.readString(log));
                } finally {
                    child.destroyForcibly();
                }
                String output = Files.readString(log);
                assertEquals(EXIT_OUT_OF_MEMORY, child.exitValue(), output);
                assertTrue(output.contains("OutOfMemoryError"), output);
                assertTrue(output.contains("start " + run + " of cyclefleet.translate-tasks-"), output);
            }

            Path log = tmp.resolve("worker-last.log");
            Process child = start(log);
            try {
                List<Message> seen = events.awaitMessages(ms -> !TestFleet.resultsFor(ms, List.of(poison)).isEmpty(),
                        TIMEOUT, "the poison request's result");
                Message result = TestFleet.resultsFor(seen, List.of(poison)).get(poison.requestId()).get(0);
                assertTrue(result instanceof TranslationFailed, result.toString());
                String reason = ((TranslationFailed) result).reason();
                assertTrue(reason.contains(poison.inputKey()) && reason.contains("died " + MAX_ATTEMPTS + " times"),
                        reason);

                List<ConsumerRecord<String, byte[]>> letters = deadLetters.awaitRecords(rs -> rs.stream()
                        .anyMatch(r -> isDeadLetterOf(r, poison)), TIMEOUT, "the poison record's dead letter");
                ConsumerRecord<String, byte[]> letter = letters.stream().filter(r -> isDeadLetterOf(r, poison))
                        .findFirst().orElseThrow();
                assertTrue(header(letter, Topics.DEAD_LETTER_REASON_HEADER).contains("given up after "
                        + MAX_ATTEMPTS + " attempts"), header(letter, Topics.DEAD_LETTER_REASON_HEADER));
                assertTrue(child.isAlive(), "the worker stays up: " + Files.readString(log));

                TranslateTask normal = task(store, model + "-normal", model, tiny.photos().get(0));
                TestFleet.publish(producer, normal);
                List<TranslateTask> both = List.of(poison, normal);
                events.awaitMessages(ms -> TestFleet.resultsFor(ms, both).size() == 2, TIMEOUT, "the next result");
                Map<String, List<Message>> byRequest = TestFleet.resultsFor(events.drainFor(Duration.ofSeconds(1)),
                        both);
                assertEquals(1, byRequest.get(poison.requestId()).size(), "exactly one result: " + byRequest);
                assertEquals(1, byRequest.get(normal.requestId()).size(), "exactly one result: " + byRequest);
                assertTrue(byRequest.get(normal.requestId()).get(0) instanceof TranslationDone,
                        byRequest.get(normal.requestId()).toString());
                assertEquals(1, deadLetters.drainFor(Duration.ofSeconds(1)).stream().filter(m -> m instanceof
                        TranslateTask t && t.requestId().equals(poison.requestId())).count(),
                        "one dead letter for the poison record");
            } finally {
                child.destroy();
                if (!child.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        }
    }

    /** A child worker as a supervisor restarts it: same id, a small heap, the budget raised past that heap. */
    private Process start(Path log) throws IOException {
        WorkerConfig config = TestFleet.workerConfig("test-poison", Set.of(WorkerRole.TRANSLATE),
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
