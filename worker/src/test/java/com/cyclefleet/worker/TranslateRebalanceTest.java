package com.cyclefleet.worker;

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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Translate workers join and leave while requests for several models flow: partitions move between them with units
 * in flight, and every request still gets exactly one result.
 */
class TranslateRebalanceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    /** Models are the partition keys: several, so both workers own some of their partitions. */
    private static final int MODELS = 6;
    private static final int REQUESTS_PER_WAVE = 60;

    @TempDir
    Path tmp;

    @Test
    void requestsInFlightWhilePartitionsMoveGetExactlyOneResultEach() throws Exception {
        try (ObjectStore store = TestFleet.store(); KafkaProducer<String, byte[]> producer = TestFleet.producer()) {
            TestFleet.TinyModel tiny = TestFleet.tinyModel(tmp.resolve("synthetic"), 13L);
            for (int m = 0; m < MODELS; m++) {
                store.put(ObjectLayout.modelArtifact(model(m), 1), tiny.bundle(), "application/zip");
            }
            List<byte[]> images = tiny.photos();

            List<TranslateTask> tasks = new ArrayList<>();
            Worker first = Worker.start(TestFleet.workerConfig("rebalance-1", Set.of(WorkerRole.TRANSLATE),
                    tmp.resolve("cache-1")));
            Worker second = null;
            try (TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS)) {
                publishWave(store, producer, images, tasks, 0);
                events.awaitMessages(ms -> !TestFleet.resultsFor(ms, tasks).isEmpty(), TIMEOUT, "first results");
                // a second worker joins while the first has units in flight: partitions are revoked and reassigned
                second = Worker.start(TestFleet.workerConfig("rebalance-2", Set.of(WorkerRole.TRANSLATE),
                        tmp.resolve("cache-2")));
                publishWave(store, producer, images, tasks, 1);
                events.awaitMessages(ms -> TestFleet.resultsFor(ms, tasks).size() >= REQUESTS_PER_WAVE + 10, TIMEOUT,
                        "results after the join");
                // and leaves again while requests still wait
                publishWave(store, producer, images, tasks, 2);
                second.close();
                second = null;

                events.awaitMessages(ms -> TestFleet.resultsFor(ms, tasks).size() >= tasks.size(), TIMEOUT,
                        tasks.size() + " results");
                Map<String, List<Message>> byRequest = TestFleet.resultsFor(events.drainFor(Duration.ofSeconds(2)), tasks);
                for (TranslateTask t : tasks) {
                    List<Message> results = byRequest.get(t.requestId());
                    assertEquals(1, results.size(), "exactly one result for " + t.requestId() + ": " + results);
                    assertTrue(results.get(0) instanceof TranslationDone, t.requestId() + ": " + results.get(0));
                }
            } finally {
                if (second != null) {
                    second.close();
                }
                first.close();
            }
        }
    }

    private static String model(int m) {
        return "m-rebalance-" + m;
    }

    private static void publishWave(ObjectStore store, KafkaProducer<String, byte[]> producer, List<byte[]> images,
                                    List<TranslateTask> tasks, int wave) {
        for (int i = 0; i < REQUESTS_PER_WAVE; i++) {
            String id = "rebalance-" + wave + "-" + i;
            store.put(ObjectLayout.translationInput(id), images.get(i % images.size()), "image/png");
            TranslateTask task = new TranslateTask(id, model(i % MODELS), 1,
                    i % 2 == 0 ? Direction.A_TO_B : Direction.B_TO_A, ObjectLayout.translationInput(id),
                    ObjectLayout.translationOutput(id), System.currentTimeMillis(), null);
            tasks.add(task);
            TestFleet.publish(producer, task);
        }
    }
}
