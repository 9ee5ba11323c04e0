package com.cyclefleet.worker;

import com.cyclefleet.engine.io.ZipEntries;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.ChunkStarted;
import com.cyclefleet.protocol.DatasetRef;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.JobFailed;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.TrainingSpec;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.ObjectStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: a train worker stopped by SIGTERM mid-chunk (a scale-down, a reclaimed spot node), restarted each time,
 * three times in one job. With a grace that covers the checkpoint, every iteration done is committed (the chunks'
 * iteration ranges tile the plan, no chunk is started twice); with no grace the chunk is abandoned and redone, as
 * before, and the stops still do not count as deaths. Either way the job ends at its planned iteration with final
 * weights bitwise equal to an uninterrupted run's (child workers, one ND4J thread each).
 */
class TrainPreemptionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(240);
    private static final String DATASET = "tiny-preempt";
    /**
     * Far more than three stop windows can cover: a chunk trained up to four times faster than the reference run
     * (20 iterations in a 5-iteration window on a quiet CI machine) and finished before the last stop.
     */
    private static final long TOTAL = 120;
    private static final int SAMPLE_EVERY = 10;
    /** Epochs at the base rate and of decay: with the 4-image dataset, 120 iterations of schedule. */
    private static final int EPOCHS = 15;
    /** The whole job is planned as one chunk, so every stop lands mid-chunk. */
    private static final long CHUNK_ITERATIONS = TOTAL;
    private static final long CHUNK_SECONDS = 600;
    private static final int PREEMPTIONS = 3;
    /** After a chunk is announced: its dataset sync and checkpoint load, before it trains. */
    private static final Duration CHUNK_SETUP = Duration.ofMillis(1_500);
    /** Each stop comes about this many iterations into its chunk (at the reference run's speed). */
    private static final long ITERATIONS_BEFORE_STOP = 5;
    /** Below the stops of one fallback run, so if a clean stop counted as a death the job would be dead-lettered. */
    private static final int MAX_ATTEMPTS = 2;
    private static final Pattern STOPPED = Pattern.compile("chunk (\\d+): stopped at iteration (\\d+) after (\\d+) of");
    private static final Pattern ABANDONED = Pattern.compile("abandoned at shutdown at iteration (\\d+) \\((\\d+) "
            + "iterations of this chunk lost\\)");

    @TempDir
    static Path tmp;
    private static ObjectStore store;
    private static KafkaProducer<String, byte[]> producer;
    private static DatasetRef dataset;
    private static Map<String, byte[]> uninterrupted;
    private static Duration runBeforeStop;

    @BeforeAll
    static void uploadDatasetAndRunUninterrupted() throws Exception {
        store = TestFleet.store();
        producer = TestFleet.producer();
        Path data = tmp.resolve("synthetic");
        SyntheticDatasetWriter.write(data, 4, 32, 23L);
        TestFleet.uploadFolder(store, data.resolve("trainA"), ObjectLayout.datasetPrefix(DATASET) + "A/");
        TestFleet.uploadFolder(store, data.resolve("trainB"), ObjectLayout.datasetPrefix(DATASET) + "B/");
        dataset = new DatasetRef(store.bucket(), ObjectLayout.datasetPrefix(DATASET) + "A/",
                ObjectLayout.datasetPrefix(DATASET) + "B/");
        String jobId = "job-preempt-reference";
        try (ChildWorker child = ChildWorker.start(config("reference"), Map.of(), tmp.resolve("reference.log"));
             TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS)) {
            TestFleet.publish(producer, firstChunk(jobId));
            JobDone done = awaitJobDone(events, jobId, child);
            uninterrupted = weights(done);
            ChunkDone chunk = events.drainFor(Duration.ZERO).stream().filter(m -> m instanceof ChunkDone c
                    && c.jobId().equals(jobId)).map(ChunkDone.class::cast).findFirst().orElseThrow();
            runBeforeStop = CHUNK_SETUP.plusMillis(Math.round(ITERATIONS_BEFORE_STOP * chunk.msPerIteration()));
            System.out.printf("uninterrupted reference: %d iterations at %.1f ms/iteration, chunk wall %d ms; each"
                    + " stop %d ms after its chunk's start%n", chunk.iteration(), chunk.msPerIteration(),
                    chunk.chunkWallMillis(), runBeforeStop.toMillis());
            child.terminate(TIMEOUT);
        }
    }

    @AfterAll
    static void close() {
        if (producer != null) {
            producer.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void stoppedChunksAreCommittedAtTheirIterationSoNothingIsRedoneOrSkipped() throws Exception {
        String jobId = "job-preempted";
        Run run = preemptThreeTimes(jobId, Map.of());

        // each stop committed the iterations done: one chunk per stop plus the last, each started once, tiling 0..TOTAL
        assertEquals(PREEMPTIONS + 1, run.done.size(), "chunks: " + run.done);
        long expectedStart = 0;
        for (int chunk = 0; chunk <= PREEMPTIONS; chunk++) {
            assertEquals(List.of(expectedStart), run.starts.get(chunk), "chunk " + chunk + " started once, from where"
                    + " the previous ended: " + run.starts);
            long end = run.done.get(chunk).iteration();
            assertTrue(end > expectedStart, "chunk " + chunk + " made progress: " + run.done);
            expectedStart = end;
        }
        assertEquals(TOTAL, expectedStart, "the ranges end at the plan");
        for (int chunk = 0; chunk < PREEMPTIONS; chunk++) {
            assertTrue(run.done.get(chunk).iteration() < TOTAL, "stop " + chunk + " landed mid-chunk: " + run.done);
        }
        // and the stopped worker said so at the very iteration it committed: nothing lost
        for (int stop = 0; stop < PREEMPTIONS; stop++) {
            Matcher m = STOPPED.matcher(run.logs.get(stop));
            assertTrue(m.find(), "stop " + stop + " log: " + run.logs.get(stop));
            assertEquals(stop, Integer.parseInt(m.group(1)));
            assertEquals(run.done.get(stop).iteration(), Long.parseLong(m.group(2)), "iterations lost: 0");
            System.out.printf("preemption %d: stopped at iteration %s, committed %d, iterations lost 0%n", stop,
                    m.group(2), run.done.get(stop).iteration());
        }
        assertEquals(TOTAL, run.jobDone.iterations());
        assertSameWeights(weights(run.jobDone));
    }

    @Test
    void withoutGraceAStoppedChunkIsRedoneAndTheStopsAreNotDeaths() throws Exception {
        String jobId = "job-preempted-no-grace";
        Run run = preemptThreeTimes(jobId, Map.of(WorkerConfig.ENV_STOP_GRACE_S, "0"));

        assertEquals(1, run.done.size(), "one chunk, redone after each stop: " + run.done);
        assertEquals(List.of(0L, 0L, 0L, 0L), run.starts.get(0), "started again from 0 after every stop");
        long lost = 0;
        for (int stop = 0; stop < PREEMPTIONS; stop++) {
            Matcher m = ABANDONED.matcher(run.logs.get(stop));
            assertTrue(m.find(), "stop " + stop + " log: " + run.logs.get(stop));
            System.out.printf("no grace, preemption %d: abandoned at iteration %s, iterations lost %s%n", stop,
                    m.group(1), m.group(2));
            lost += Long.parseLong(m.group(2));
        }
        assertTrue(lost > 0, "the fallback redoes work");
        assertEquals(TOTAL, run.jobDone.iterations());
        assertSameWeights(weights(run.jobDone));
    }

    /** What a job's events and the stopped workers' logs said. */
    private record Run(Map<Integer, List<Long>> starts, List<ChunkDone> done, List<String> logs, JobDone jobDone) {
    }

    private Run preemptThreeTimes(String jobId, Map<String, String> env) throws Exception {
        Map<String, String> childEnv = new java.util.HashMap<>(env);
        childEnv.put(WorkerConfig.ENV_MAX_ATTEMPTS, Integer.toString(MAX_ATTEMPTS));
        List<String> logs = new ArrayList<>();
        try (TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS)) {
            TestFleet.publish(producer, firstChunk(jobId));
            for (int stop = 0; stop < PREEMPTIONS; stop++) {
                int startsBefore = stop;
                try (ChildWorker child = ChildWorker.start(config(jobId), childEnv,
                        tmp.resolve(jobId + "-" + stop + ".log"))) {
                    events.awaitMessages(ms -> ms.stream().filter(m -> m instanceof ChunkStarted s
                            && s.jobId().equals(jobId)).count() > startsBefore, TIMEOUT, "chunk start " + stop);
                    Thread.sleep(runBeforeStop.toMillis());
                    assertTrue(child.alive(), child.log());
                    logs.add(child.terminate(TIMEOUT));
                }
            }
            try (ChildWorker last = ChildWorker.start(config(jobId), childEnv, tmp.resolve(jobId + "-last.log"))) {
                JobDone done = awaitJobDone(events, jobId, last);
                List<Message> all = events.drainFor(Duration.ofSeconds(1));
                last.terminate(TIMEOUT);
                Map<Integer, List<Long>> starts = new TreeMap<>();
                List<ChunkDone> chunks = new ArrayList<>();
                for (Message m : all) {
                    if (m instanceof ChunkStarted s && s.jobId().equals(jobId)) {
                        starts.computeIfAbsent(s.chunkIndex(), k -> new ArrayList<>()).add(s.startIteration());
                    } else if (m instanceof ChunkDone c && c.jobId().equals(jobId)) {
                        chunks.add(c);
                    }
                    assertTrue(!(m instanceof JobFailed f && f.jobId().equals(jobId)), "job failed: " + m);
                }
                return new Run(starts, chunks, logs, done);
            }
        }
    }

    private static JobDone awaitJobDone(TestFleet.TopicReader events, String jobId, ChildWorker child) {
        List<Message> seen = events.awaitMessages(ms -> ms.stream().anyMatch(m -> (m instanceof JobDone d
                && d.jobId().equals(jobId)) || (m instanceof JobFailed f && f.jobId().equals(jobId))), TIMEOUT,
                "the end of " + jobId);
        return seen.stream().filter(m -> m instanceof JobDone d && d.jobId().equals(jobId)).map(JobDone.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("job " + jobId + " failed: " + seen));
    }

    private static TrainChunkTask firstChunk(String jobId) {
        TrainingSpec spec = new TrainingSpec(TestFleet.tinyParameters(EPOCHS, EPOCHS), TOTAL, SAMPLE_EVERY);
        return new TrainChunkTask(jobId, 0, 0, CHUNK_ITERATIONS, CHUNK_SECONDS, null, dataset, spec, null, null, null);
    }

    private static WorkerConfig config(String name) {
        return ChildWorker.config("preempt-" + name, WorkerRole.TRAIN, tmp.resolve("cache-" + name));
    }

    /** The four networks' parameter arrays of the job's final checkpoint, as stored (npy bytes). */
    private static Map<String, byte[]> weights(JobDone done) {
        byte[] checkpoint = store.get(done.finalCheckpointKey());
        Map<String, byte[]> weights = new TreeMap<>();
        ZipEntries.read(new ByteArrayInputStream(checkpoint), done.finalCheckpointKey()).all().forEach((k, v) -> {
            if (k.matches("[GD]_[AB]/.*")) {
                weights.put(k, v);
            }
        });
        assertTrue(!weights.isEmpty(), "no network entries in " + done.finalCheckpointKey());
        return weights;
    }

    private static void assertSameWeights(Map<String, byte[]> weights) {
        assertEquals(uninterrupted.keySet(), weights.keySet());
        for (Map.Entry<String, byte[]> e : uninterrupted.entrySet()) {
            assertArrayEquals(e.getValue(), weights.get(e.getKey()), e.getKey() + " bitwise equal");
        }
        assertTrue(uninterrupted.values().stream().anyMatch(v -> !Arrays.equals(v, new byte[v.length])));
    }
}
