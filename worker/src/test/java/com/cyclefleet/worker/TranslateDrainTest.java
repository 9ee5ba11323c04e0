package com.cyclefleet.worker;

import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.ObjectStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: a translate worker SIGTERMed with 100 requests in flight finishes and commits the units it holds, leaves
 * the group, and the worker started after it translates the rest: every request gets exactly one result. The
 * stopped worker's session timeout is longer than the whole hand-over may take, so the rest can only be translated
 * in time if it left the group instead of being timed out of it.
 */
class TranslateDrainTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int REQUESTS = 100;
    /** Several models, so the requests spread over several partitions. */
    private static final int MODELS = 4;
    /** Large enough inputs (for the tiny model) that 100 of them are still in flight when the stop comes. */
    private static final int INPUT_SIDE = 256;
    private static final int INPUTS = 4;
    private static final long SESSION_TIMEOUT_MS = 90_000;
    private static final Pattern DRAINED = Pattern.compile("units in flight committed in (\\d+) ms, (\\d+) waiting"
            + " records dropped");

    @TempDir
    Path tmp;

    @Test
    void aStoppedTranslateWorkerCommitsWhatItHoldsAndTheNextOwnerTranslatesTheRest() throws Exception {
        try (ObjectStore store = TestFleet.store(); KafkaProducer<String, byte[]> producer = TestFleet.producer();
             TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS)) {
            TestFleet.TinyModel tiny = TestFleet.tinyModel(tmp.resolve("synthetic"), 29L);
            for (int m = 0; m < MODELS; m++) {
                store.put(ObjectLayout.modelArtifact(model(m), 1), tiny.bundle(), "application/zip");
            }
            List<byte[]> inputs = largeInputs(tmp.resolve("inputs"));
            List<TranslateTask> tasks = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String id = "drain-" + i;
                store.put(ObjectLayout.translationInput(id), inputs.get(i % inputs.size()), "image/png");
                tasks.add(new TranslateTask(id, model(i % MODELS), 1, Direction.A_TO_B,
                        ObjectLayout.translationInput(id), ObjectLayout.translationOutput(id),
                        System.currentTimeMillis(), null));
            }

            WorkerConfig config = ChildWorker.config("drain-child", WorkerRole.TRANSLATE, tmp.resolve("cache-1"));
            int byStopped;
            String log;
            long stoppedAt;
            try (ChildWorker child = ChildWorker.start(config, Map.of(WorkerConfig.ENV_SESSION_TIMEOUT_MS,
                    Long.toString(SESSION_TIMEOUT_MS)), tmp.resolve("child.log"))) {
                tasks.forEach(t -> TestFleet.publish(producer, t));
                events.awaitMessages(ms -> !TestFleet.resultsFor(ms, tasks).isEmpty(), TIMEOUT, "first results");
                assertTrue(child.alive(), child.log());
                log = child.terminate(TIMEOUT);
                stoppedAt = System.nanoTime();
                // the child is gone: whatever is committed now is what it answered
                byStopped = TestFleet.resultsFor(events.drainFor(Duration.ofSeconds(1)), tasks).size();
            }
            assertTrue(byStopped > 0 && byStopped < REQUESTS, "stopped with requests in flight: " + byStopped
                    + " answered by the stopped worker");
            Matcher drained = DRAINED.matcher(log);
            assertTrue(drained.find(), "the stopped worker committed its units in flight on leaving: " + log);
            assertTrue(log.contains("worker drain-child stopped"), log);

            Worker next = Worker.start(TestFleet.workerConfig("drain-next", Set.of(WorkerRole.TRANSLATE),
                    tmp.resolve("cache-2")));
            try {
                events.awaitMessages(ms -> TestFleet.resultsFor(ms, tasks).size() >= REQUESTS,
                        Duration.ofMillis(SESSION_TIMEOUT_MS), REQUESTS + " results before the stopped worker's"
                                + " session could have timed out");
                long handOverMs = Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis();
                Map<String, List<Message>> byRequest = TestFleet.resultsFor(events.drainFor(Duration.ofSeconds(2)),
                        tasks);
                for (TranslateTask t : tasks) {
                    List<Message> results = byRequest.get(t.requestId());
                    assertEquals(1, results.size(), "exactly one result for " + t.requestId() + ": " + results);
                    assertTrue(results.get(0) instanceof TranslationDone, t.requestId() + ": " + results.get(0));
                }
                System.out.printf("drain: stopped worker answered %d, drained its units in %s ms (%s waiting"
                        + " records dropped); the next worker answered %d within %d ms%n", byStopped,
                        drained.group(1), drained.group(2), REQUESTS - byStopped, handOverMs);
            } finally {
                next.close();
            }
        }
    }

    private static String model(int m) {
        return "m-drain-" + m;
    }

    private static List<byte[]> largeInputs(Path dir) throws Exception {
        SyntheticDatasetWriter.write(dir, INPUTS, INPUT_SIDE, 31L);
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("trainA"))) {
            for (Path f : files.sorted().toList()) {
                inputs.add(Files.readAllBytes(f));
            }
        }
        return inputs;
    }
}
