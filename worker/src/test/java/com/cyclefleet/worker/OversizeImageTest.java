package com.cyclefleet.worker;

import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.formats.testing.HugePng;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14: a 200 KB PNG declaring 8000x8000 pixels ran the worker out of heap in decode, and a 1-bit 30000x30000
 * dataset image did the same to training. Both are refused from their headers now, with a reason that names them,
 * and the worker goes on.
 */
class OversizeImageTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(150);

    @TempDir
    Path tmp;

    @Test
    void anInputOverThePixelBudgetFailsItsRequestAndTheWorkerGoesOn() throws Exception {
        String model = "m-oversize";
        try (ObjectStore store = TestFleet.store(); KafkaProducer<String, byte[]> producer = TestFleet.producer();
             Worker worker = Worker.start(TestFleet.workerConfig("test-oversize-translator",
                     Set.of(WorkerRole.TRANSLATE), tmp.resolve("cache")));
             TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS)) {
            TestFleet.TinyModel tiny = TestFleet.tinyModel(tmp.resolve("synthetic"), 13L);
            store.put(ObjectLayout.modelArtifact(model, 1), tiny.bundle(), "application/zip");
            TranslateTask huge = task(store, model + "-huge", model, HugePng.rgb(8000, 8000));
            TestFleet.publish(producer, huge);

            List<Message> results = events.awaitMessages(ms -> !TestFleet.resultsFor(ms, List.of(huge)).isEmpty(),
                    TIMEOUT, "the oversize request's result");
            Message result = TestFleet.resultsFor(results, List.of(huge)).get(huge.requestId()).get(0);
            assertTrue(result instanceof TranslationFailed, "refused, not translated: " + result);
            String reason = ((TranslationFailed) result).reason();
            assertTrue(reason.contains("8000x8000 pixels") && reason.contains("over the limit of "
                    + worker.config().pixelBudget().maxPixels() + " pixels"), reason);
            assertTrue(worker.alive() && worker.healthy(), "the worker is still running");

            TranslateTask normal = task(store, model + "-normal", model, tiny.photos().get(0));
            TestFleet.publish(producer, normal);
            List<TranslateTask> both = List.of(huge, normal);
            events.awaitMessages(ms -> TestFleet.resultsFor(ms, both).size() == 2, TIMEOUT, "the normal result");
            Map<String, List<Message>> byRequest = TestFleet.resultsFor(events.drainFor(Duration.ofSeconds(1)), both);
            assertEquals(1, byRequest.get(huge.requestId()).size(), "one result, no retry loop: " + byRequest);
            assertEquals(1, byRequest.get(normal.requestId()).size());
            assertTrue(byRequest.get(normal.requestId()).get(0) instanceof TranslationDone,
                    "a normal translation afterwards: " + byRequest.get(normal.requestId()));
        }
    }

    @Test
    void aDatasetImageOverThePixelBudgetFailsItsJobByNameAndTheNextJobTrains() throws Exception {
        try (ObjectStore store = TestFleet.store(); KafkaProducer<String, byte[]> producer = TestFleet.producer();
             Worker worker = Worker.start(TestFleet.workerConfig("test-oversize-trainer", Set.of(WorkerRole.TRAIN),
                     tmp.resolve("cache")));
             TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS)) {
            Path data = tmp.resolve("synthetic");
            SyntheticDatasetWriter.write(data, 4, 32, 17L);
            DatasetRef good = upload(store, data, "oversize-good");
            DatasetRef bad = upload(store, data, "oversize-bad");
            String hugeKey = bad.prefixA() + "zz-bilevel-huge.png";
            // 110 KB on disk, 30000x30000 pixels, 1 bit each: 24 GB of heap to decode
            store.put(hugeKey, HugePng.bilevel(30000, 30000), "image/png");

            String badJob = "job-oversize-image";
            TestFleet.publish(producer, new TrainChunkTask(badJob, 0, 0, 2, 600, null, bad,
                    TestFleet.tinySpec(2, 2), null, null, null));
            List<Message> seen = events.awaitMessages(ms -> ms.stream().anyMatch(m -> m instanceof JobFailed f
                    && f.jobId().equals(badJob)), TIMEOUT, "JobFailed of " + badJob);
            JobFailed failed = seen.stream().filter(m -> m instanceof JobFailed f && f.jobId().equals(badJob))
                    .map(JobFailed.class::cast).findFirst().orElseThrow();
            assertTrue(failed.reason().contains(hugeKey) && failed.reason().contains("30000x30000 pixels"),
                    failed.reason());
            assertTrue(worker.alive() && worker.healthy(), "the worker is still running");

            String goodJob = "job-after-oversize-image";
            TestFleet.publish(producer, new TrainChunkTask(goodJob, 0, 0, 2, 600, null, good,
                    TestFleet.tinySpec(2, 2), null, null, null));
            seen = events.awaitMessages(ms -> ms.stream().anyMatch(m -> m instanceof JobDone d
                    && d.jobId().equals(goodJob)), TIMEOUT, "JobDone of " + goodJob);
            assertEquals(1, seen.stream().filter(m -> m instanceof JobFailed f && f.jobId().equals(badJob)).count(),
                    "the bad job failed once, no retry loop");
        }
    }

    private static TranslateTask task(ObjectStore store, String requestId, String model, byte[] input) {
        store.put(ObjectLayout.translationInput(requestId), input, "image/png");
        return new TranslateTask(requestId, model, 1, Direction.A_TO_B, ObjectLayout.translationInput(requestId),
                ObjectLayout.translationOutput(requestId), System.currentTimeMillis(), null);
    }

    private static DatasetRef upload(ObjectStore store, Path data, String name) throws Exception {
        TestFleet.uploadFolder(store, data.resolve("trainA"), ObjectLayout.datasetPrefix(name) + "A/");
        TestFleet.uploadFolder(store, data.resolve("trainB"), ObjectLayout.datasetPrefix(name) + "B/");
        return new DatasetRef(store.bucket(), ObjectLayout.datasetPrefix(name) + "A/",
                ObjectLayout.datasetPrefix(name) + "B/");
    }
}
