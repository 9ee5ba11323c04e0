package com.cyclefleet.worker;

import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.ObjectStore;
import com.cyclefleet.storage.StorageConfig;
import com.cyclefleet.worker.ops.Metrics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The object store goes away, or stops taking writes, while translate requests wait: the worker's pipeline discards
 * what it had, rewinds to the committed offsets, backs off and tries again; once the store is back every request gets
 * exactly one result.
 */
class TranslateStoreOutageTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int REQUESTS = 40;
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final Duration BACKOFF = Duration.ofMillis(300);

    @TempDir
    Path tmp;

    /** The fetch stage fails: inputs cannot be read. */
    @Test
    void requestsWaitingDuringAnOutageEachGetExactlyOneResultAfterIt() throws Exception {
        survives("m-outage", ToggleProxy::down, ToggleProxy::up);
    }

    /** The commit stage fails: inputs are read and translated, but the outputs cannot be stored. */
    @Test
    void outputsThatCannotBeStoredAreTranslatedAgainOnceTheStoreTakesWrites() throws Exception {
        survives("m-read-only", p -> p.refuseWrites(true), p -> p.refuseWrites(false));
    }

    private interface ProxyAction {
        void apply(ToggleProxy proxy) throws Exception;
    }

    private void survives(String model, ProxyAction outageStart, ProxyAction outageEnd) throws Exception {
        StorageConfig direct = TestFleet.infra().storageConfig();
        URI endpoint = URI.create(direct.endpoint());
        try (ObjectStore store = TestFleet.store();
             KafkaProducer<String, byte[]> producer = TestFleet.producer();
             ToggleProxy proxy = new ToggleProxy(endpoint.getHost(), endpoint.getPort())) {
            TestFleet.TinyModel tiny = TestFleet.tinyModel(tmp.resolve("synthetic"), 9L);
            store.put(ObjectLayout.modelArtifact(model, 1), tiny.bundle(), "application/zip");
            List<byte[]> images = tiny.photos();

            StorageConfig viaProxy = new StorageConfig("http://127.0.0.1:" + proxy.port(), direct.accessKey(),
                    direct.secretKey(), direct.bucket(), direct.region());
            WorkerConfig base = TestFleet.workerConfig(model + "-translator", Set.of(WorkerRole.TRANSLATE),
                    tmp.resolve("cache"));
            WorkerConfig config = new WorkerConfig(base.kafkaBootstrap(), viaProxy, base.workerId(), base.roles(),
                    base.httpHost(), base.httpPort(), base.cacheDir(), base.modelCacheSize(), 8,
                    base.translateLinger(), base.pollTimeout(), BACKOFF, base.healthStaleAfter(),
                    base.transactionTimeout(), base.sessionTimeout(), base.pixelBudget(), base.maxAttempts(), base.stopGrace());
            Worker worker = Worker.start(config);
            try (TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS)) {
                outageStart.apply(proxy);
                List<TranslateTask> tasks = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    String id = model + "-" + i;
                    store.put(ObjectLayout.translationInput(id), images.get(i % images.size()), "image/png");
                    TranslateTask task = new TranslateTask(id, model, 1, Direction.A_TO_B,
                            ObjectLayout.translationInput(id), ObjectLayout.translationOutput(id),
                            System.currentTimeMillis(), null);
                    tasks.add(task);
                    TestFleet.publish(producer, task);
                }
                long retryDeadline = System.nanoTime() + TIMEOUT.toNanos();
                while (worker.metrics().taskCount(Metrics.KIND_TRANSLATE, Metrics.RETRIED) < 2
                        && System.nanoTime() < retryDeadline) {
                    Thread.sleep(BACKOFF.toMillis());
                }
                Thread.sleep(OUTAGE.toMillis());
                long retries = worker.metrics().taskCount(Metrics.KIND_TRANSLATE, Metrics.RETRIED);
                assertTrue(retries >= 2, "the worker retried during the outage (" + retries + " retries)");
                assertTrue(TestFleet.resultsFor(events.drainFor(Duration.ofMillis(200)), tasks).isEmpty(),
                        "no result while the store is away");
                for (TranslateTask t : tasks) {
                    assertFalse(store.exists(t.outputKey()), "no output stored during the outage: " + t.outputKey());
                }
                outageEnd.apply(proxy);

                events.awaitMessages(ms -> TestFleet.resultsFor(ms, tasks).size() >= tasks.size(), TIMEOUT,
                        REQUESTS + " results after the outage");
                Map<String, List<Message>> byRequest = TestFleet.resultsFor(events.drainFor(Duration.ofSeconds(1)),
                        tasks);
                for (TranslateTask t : tasks) {
                    List<Message> results = byRequest.get(t.requestId());
                    assertEquals(1, results.size(), "exactly one result for " + t.requestId() + ": " + results);
                    assertTrue(results.get(0) instanceof TranslationDone, t.requestId() + ": " + results.get(0));
                    assertTrue(store.exists(t.outputKey()), t.outputKey());
                }
            } finally {
                worker.close();
            }
        }
    }
}
