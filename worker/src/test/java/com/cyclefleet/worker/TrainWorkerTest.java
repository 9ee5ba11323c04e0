package com.cyclefleet.worker;

import com.cyclefleet.engine.infer.GeneratorBundle;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.protocol.CheckpointWritten;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.ChunkStarted;
import com.cyclefleet.protocol.DatasetRef;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.JobFailed;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.SamplesWritten;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.ObjectStore;
import com.cyclefleet.worker.ops.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Train chunks through a real broker and S3 server, with a worker running in this JVM. */
class TrainWorkerTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(150);
    private static final String DATASET = "tiny-train";

    @TempDir
    static Path tmp;
    private static ObjectStore store;
    private static Worker worker;
    private static KafkaProducer<String, byte[]> producer;
    private static DatasetRef dataset;

    @BeforeAll
    static void startWorker() throws Exception {
        store = TestFleet.store();
        Path data = tmp.resolve("synthetic");
        SyntheticDatasetWriter.write(data, 4, 32, 11L);
        TestFleet.uploadFolder(store, data.resolve("trainA"), ObjectLayout.datasetPrefix(DATASET) + "A/");
        TestFleet.uploadFolder(store, data.resolve("trainB"), ObjectLayout.datasetPrefix(DATASET) + "B/");
        dataset = new DatasetRef(store.bucket(), ObjectLayout.datasetPrefix(DATASET) + "A/",
                ObjectLayout.datasetPrefix(DATASET) + "B/");
        producer = TestFleet.producer();
        worker = Worker.start(TestFleet.workerConfig("test-trainer", Set.of(WorkerRole.TRAIN), tmp.resolve("cache")));
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void twoChunkJobRunsToJobDoneAfterAPoisonRecord() throws Exception {
        String jobId = "job-two-chunks";
        // a poison record on the job's partition, ahead of its first chunk: dead-lettered, then the job runs
        TestFleet.send(producer, new ProducerRecord<>(Topics.TRAIN_TASKS, jobId,
                "{not json".getBytes(StandardCharsets.UTF_8)));
        TestFleet.publish(producer, new TrainChunkTask(jobId, 0, 0, 2, 600, null, dataset,
                TestFleet.tinySpec(4, 2), null, null, null));

        List<Message> events;
        try (TestFleet.TopicReader reader = new TestFleet.TopicReader(Topics.EVENTS)) {
            events = reader.awaitMessages(ms -> ms.stream().anyMatch(m -> m instanceof JobDone d
                    && d.jobId().equals(jobId)), JOB_TIMEOUT, "JobDone of " + jobId);
        }
        List<ChunkDone> chunks = events.stream().filter(m -> m instanceof ChunkDone c && c.jobId().equals(jobId))
                .map(ChunkDone.class::cast).toList();
        assertEquals(2, chunks.size(), "one ChunkDone per chunk: " + chunks);
        assertEquals(0, chunks.get(0).chunkIndex());
        assertEquals(2, chunks.get(0).iteration());
        assertEquals(1, chunks.get(1).chunkIndex());
        assertEquals(4, chunks.get(1).iteration());
        assertEquals(8, chunks.get(1).losses().size(), "the engine's eight losses");
        assertTrue(chunks.get(1).msPerIteration() > 0);
        assertEquals("test-trainer", chunks.get(1).workerId());
        // each chunk was announced before it ran, on the job's partition, so ahead of its ChunkDone
        List<String> chunkEvents = events.stream().map(m -> m instanceof ChunkStarted s && s.jobId().equals(jobId)
                ? "started " + s.chunkIndex() + " from " + s.startIteration() + " by " + s.workerId()
                : m instanceof ChunkDone d && d.jobId().equals(jobId)
                ? "done " + d.chunkIndex() + " at " + d.iteration() : null).filter(java.util.Objects::nonNull).toList();
        assertEquals(List.of("started 0 from 0 by test-trainer", "done 0 at 2", "started 1 from 2 by test-trainer",
                "done 1 at 4"), chunkEvents);

        JobDone done = events.stream().filter(m -> m instanceof JobDone d && d.jobId().equals(jobId))
                .map(JobDone.class::cast).findFirst().orElseThrow();
        assertEquals(4, done.iterations(), "the planned number of iterations");
        assertEquals(ObjectLayout.checkpoint(jobId, 4), done.finalCheckpointKey());
        assertEquals(ObjectLayout.jobBundle(jobId), done.bundleKey(), "the serving bundle the final version copies");
        assertEquals(ObjectLayout.jobBundle(jobId), done.generatorKeys().get(Direction.A_TO_B));
        assertEquals(2, events.stream().filter(m -> m instanceof CheckpointWritten c && c.jobId().equals(jobId)).count());
        assertEquals(2, events.stream().filter(m -> m instanceof SamplesWritten s && s.jobId().equals(jobId)).count());

        for (long iteration : new long[] {2, 4}) {
            assertTrue(store.exists(ObjectLayout.checkpoint(jobId, iteration)), "checkpoint " + iteration);
            assertTrue(store.exists(ObjectLayout.sample(jobId, iteration)), "sample " + iteration);
        }
        String history = new String(store.get(ObjectLayout.lossHistory(jobId)), StandardCharsets.UTF_8);
        assertEquals(4, history.lines().count(), "full loss history:\n" + history);
        byte[] bundle = store.get(ObjectLayout.jobBundle(jobId));
        GeneratorBundle.load(new ByteArrayInputStream(bundle), "model.zip");

        // KEDA scales train workers to zero on committed lag; the worker's own next-chunk transaction leaves a
        // commit marker after the task it then consumes, which an idle worker must commit past
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        long lag = TestFleet.committedLag(Topics.TRAIN_WORKERS_GROUP, Topics.TRAIN_TASKS);
        while (lag != 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            lag = TestFleet.committedLag(Topics.TRAIN_WORKERS_GROUP, Topics.TRAIN_TASKS);
        }
        assertEquals(0, lag, "committed consumer lag of an idle train worker");

        // the chain of tasks: the test's chunk 0 and the worker's chunk 1, nothing else for this job
        try (TestFleet.TopicReader tasks = new TestFleet.TopicReader(Topics.TRAIN_TASKS)) {
            List<Message> chunkTasks = tasks.awaitMessages(ms -> ms.stream()
                    .filter(m -> m instanceof TrainChunkTask t && t.jobId().equals(jobId)).count() >= 2,
                    JOB_TIMEOUT, "2 chunk tasks").stream()
                    .filter(m -> m instanceof TrainChunkTask t && t.jobId().equals(jobId)).toList();
            assertEquals(2, chunkTasks.size());
            TrainChunkTask next = (TrainChunkTask) chunkTasks.get(1);
            assertEquals(1, next.chunkIndex());
            assertEquals(2, next.startIteration());
            assertEquals(ObjectLayout.checkpoint(jobId, 2), next.checkpointKey());
        }

        try (TestFleet.TopicReader deadLetters = new TestFleet.TopicReader(Topics.DEAD_LETTER)) {
            ConsumerRecord<String, byte[]> poison = deadLetters.awaitRecords(rs -> rs.stream()
                    .anyMatch(r -> jobId.equals(r.key())), JOB_TIMEOUT, "dead letter").stream()
                    .filter(r -> jobId.equals(r.key())).findFirst().orElseThrow();
            assertEquals("{not json", new String(poison.value(), StandardCharsets.UTF_8));
            String reason = new String(poison.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(),
                    StandardCharsets.UTF_8);
            assertTrue(reason.contains("not valid JSON"), reason);
            assertEquals(Topics.TRAIN_TASKS, new String(poison.headers()
                    .lastHeader(Topics.DEAD_LETTER_SOURCE_TOPIC_HEADER).value(), StandardCharsets.UTF_8));
        }

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + worker.httpPort() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        String metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + worker.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("cyclefleet_worker_tasks_total{kind=\"train\",outcome=\"done\"} 2"), metrics);
        assertTrue(metrics.contains("cyclefleet_worker_train_ms_per_iteration "), metrics);
        assertTrue(metrics.contains("cyclefleet_worker_consumer_lag{group=\"" + Topics.TRAIN_WORKERS_GROUP), metrics);
    }

    @Test
    void cancelledJobIsSkippedAndDataErrorsFailTheJob() {
        String cancelled = "job-cancelled";
        store.put(ObjectLayout.jobCancelled(cancelled), new byte[0], "application/octet-stream");
        TestFleet.publish(producer, new TrainChunkTask(cancelled, 0, 0, 2, 600, null, dataset,
                TestFleet.tinySpec(4, 2), null, null, null));
        String broken = "job-no-images";
        DatasetRef empty = new DatasetRef(store.bucket(), "datasets/nothing-here/A/", "datasets/nothing-here/B/");
        TestFleet.publish(producer, new TrainChunkTask(broken, 0, 0, 2, 600, null, empty, TestFleet.tinySpec(4, 2),
                null, null, null));

        try (TestFleet.TopicReader reader = new TestFleet.TopicReader(Topics.EVENTS)) {
            List<Message> events = reader.awaitMessages(ms -> ms.stream().anyMatch(m -> m instanceof JobFailed f
                    && f.jobId().equals(broken)), JOB_TIMEOUT, "JobFailed of " + broken);
            JobFailed failed = events.stream().filter(m -> m instanceof JobFailed f && f.jobId().equals(broken))
                    .map(JobFailed.class::cast).findFirst().orElseThrow();
            assertTrue(failed.reason().contains("holds no PNG or JPEG images"), failed.reason());
            long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
            while (worker.metrics().taskCount(Metrics.KIND_TRAIN, Metrics.SKIPPED) < 1 && System.nanoTime() < deadline) {
                reader.drainFor(Duration.ofMillis(200));
            }
            assertEquals(1, worker.metrics().taskCount(Metrics.KIND_TRAIN, Metrics.SKIPPED));
            assertTrue(reader.drainFor(Duration.ZERO).stream().noneMatch(m -> m.partitionKey().equals(cancelled)),
                    "a cancelled job's chunk publishes nothing");
        }
        assertTrue(store.list(ObjectLayout.jobPrefix(cancelled)).equals(List.of(ObjectLayout.jobCancelled(cancelled))));
    }
}
