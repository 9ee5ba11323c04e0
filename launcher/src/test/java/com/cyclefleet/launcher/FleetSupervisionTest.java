package com.cyclefleet.launcher;

import com.cyclefleet.devstack.Directories;
import com.cyclefleet.engine.io.TorchWeights;
import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.net.ResnetGenerator;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.engine.util.Rng;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.ChunkStarted;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nd4j.linalg.api.buffer.DataType;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet under {@code up}'s supervision, as real processes: one worker, tiny models (resnet_6blocks, ngf 8, 32x32).
 * A SIGKILLed worker comes back by itself and its job goes STALLED, RUNNING, DONE; a SIGKILLed broker makes readiness
 * DOWN, comes back by itself, and every job and every one of 200 in-flight translations completes exactly once; a
 * SIGKILLed S3 server makes readiness DOWN until it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetSupervisionTest {

    private static final System.Logger LOG = System.getLogger(FleetSupervisionTest.class.getName());
    private static final String NET_G = GeneratorSpec.RESNET_6;
    private static final int NGF = 8;
    private static final int SIZE = 32;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** Short, so a dead worker shows as gone within seconds: heartbeats every second, gone after 4. */
    private static final String HEARTBEAT_MS = "1000";
    private static final String HEARTBEAT_TIMEOUT = "4s";
    /** Fast backoff for the test; the defaults (1 s doubling to 30 s) are for people. */
    private static final RestartBackoff BACKOFF = new RestartBackoff(Duration.ofMillis(500), Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    private static final long POLL_MS = 100;
    /** 4 + 4 epochs of the 16 scenes: up to 128 iterations. */
    private static final int EPOCHS = 4;

    static Path tmp;
    static Path data;
    static LocalFleet fleet;
    static FleetClient client;
    static int modelVersion;

    @BeforeAll
    static void startFleet() throws Exception {
        Path root = LocalFleet.repositoryRoot();
        tmp = Files.createTempDirectory("cyclefleet-supervision-");
        data = tmp.resolve("synthetic");
        SyntheticDatasetWriter.write(data, 16, SIZE, 7L);
        LocalFleet.Options options = LocalFleet.Options.temporary(root, root.resolve("launcher/target/supervision-logs"), 1)
                .withSupervision(BACKOFF)
                .withWorkerEnv(Map.of(
                        "CYCLEFLEET_WORKER_SESSION_TIMEOUT_MS", "6000",
                        "CYCLEFLEET_WORKER_HEARTBEAT_MS", HEARTBEAT_MS,
                        // an open transaction of a worker killed with the broker holds back read_committed readers
                        // until it times out: keep that short
                        "CYCLEFLEET_WORKER_TX_TIMEOUT_MS", "10000"))
                .withCoordinatorEnv(Map.of(
                        "CYCLEFLEET_WORKERS_HEARTBEAT_TIMEOUT", HEARTBEAT_TIMEOUT,
                        "CYCLEFLEET_READINESS_CACHE_FOR", "500ms"));
        fleet = LocalFleet.start(options);
        client = new FleetClient(fleet.coordinatorUrl());

        GeneratorSpec spec = new GeneratorSpec(NET_G, NGF);
        Path weights = tmp.resolve("weights");
        TorchWeights.save(new ResnetGenerator(spec, new Rng(201), DataType.FLOAT), weights.resolve("G_A"));
        TorchWeights.save(new ResnetGenerator(spec, new Rng(202), DataType.FLOAT), weights.resolve("G_B"));
        modelVersion = client.importWeights("supervised", FleetClient.zipTree(weights), NET_G, NGF)
                .path("version").asInt();
        client.uploadFolder("supervised", "A", data.resolve("trainA"));
        client.uploadFolder("supervised", "B", data.resolve("trainB"));
    }

    @AfterAll
    static void stopFleet() throws Exception {
        if (fleet != null) {
            // the broker's data (and its log) go with the temporary folder: keep the log beside the others
            Files.copy(fleet.infra().broker().logFile(), fleet.options().logDir().resolve("broker.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            fleet.close();
        }
        if (tmp != null) {
            Directories.clean(tmp);
        }
    }

    @Test
    @Order(1)
    void killedWorkerIsRestartedAndItsJobGoesStalledThenRunningThenDone() throws Exception {
        LocalFleet.WorkerHandle worker = fleet.workers().get(0);
        awaitWorkersAlive(1);
        long total = 60;
        String jobId;
        try (EventLog events = new EventLog(fleet.kafkaBootstrap())) {
            jobId = client.createJob(jobRequest("stall", total, 20)).path("jobId").asText();
            events.await(m -> m instanceof ChunkStarted c && c.jobId().equals(jobId) && c.chunkIndex() == 1, TIMEOUT);
        }
        assertEquals("RUNNING", client.jobView(jobId).path("status").asText());
        long t0 = System.nanoTime();
        fleet.killWorker(0);
        LOG.log(System.Logger.Level.INFO, "job {0}: killed worker {1} (SIGKILL) in chunk 1", jobId, worker.id());

        List<String> statuses = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!"DONE".equals(last(statuses))) {
            assertTrue(System.nanoTime() < deadline, "job " + jobId + " not DONE in time; statuses " + statuses);
            String status = client.jobView(jobId).path("status").asText();
            if (!status.equals(last(statuses))) {
                statuses.add(status);
                LOG.log(System.Logger.Level.INFO, "job {0}: {1} at {2} ms after the kill", jobId, status,
                        (System.nanoTime() - t0) / 1_000_000);
            }
            Thread.sleep(POLL_MS);
        }
        assertEquals(List.of("RUNNING", "STALLED", "RUNNING", "DONE"), statuses, "job status after the kill");
        assertEquals(total, client.jobView(jobId).path("totalIterations").asLong(), "the plan");
        assertEquals(total, client.jobView(jobId).path("iteration").asLong(), "planned iterations");
        assertEquals(1, fleet.restarts("worker " + worker.id()), "the supervisor restarted the worker once");
        assertTrue(fleet.supervisionLines().stream().anyMatch(l -> l.contains("worker " + worker.id()
                + " died with exit code 137")), "reported: " + fleet.supervisionLines());
        awaitWorkersAlive(1);
    }

    @Test
    @Order(2)
    void brokerKilledMidChunkAndMidStreamEveryJobAndTranslationCompletesOnce() throws Exception {
        long total = 120;
        long chunk = 40;
        String jobId;
        List<String> ids;
        long killedAt;
        try (EventLog events = new EventLog(fleet.kafkaBootstrap())) {
            jobId = client.createJob(jobRequest("broker", total, chunk)).path("jobId").asText();
            events.await(m -> m instanceof ChunkStarted c && c.jobId().equals(jobId) && c.chunkIndex() == 1, TIMEOUT);
            ids = submitTranslations(200);
            killedAt = System.nanoTime();
            fleet.killBroker();
        }
        String reason = awaitReadiness(false, Duration.ofSeconds(30));
        long downMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertTrue(reason.contains("Kafka"), "readiness names Kafka: " + reason);
        // with the broker away no result can arrive: what is pending now was in flight at the kill
        long pending = ids.stream().filter(id -> !"DONE".equals(statusOf(id))).count();
        JsonNode atKill = client.jobView(jobId);
        LOG.log(System.Logger.Level.INFO, "killed the broker: job {0} {1} at iteration {2}, {3} of 200 translations "
                + "pending; readiness: {4}", jobId, atKill.path("status").asText(), atKill.path("iteration").asLong(),
                pending, reason);
        assertTrue(pending > 0, "translations were in flight when the broker died");
        assertTrue(atKill.path("runningChunk").isObject(), "a chunk was running when the broker died: " + atKill);
        awaitReadiness(true, TIMEOUT);
        long readyMs = (System.nanoTime() - killedAt) / 1_000_000;

        Map<String, String> finished = new HashMap<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long firstResultMs = -1;
        while (finished.size() < ids.size()) {
            assertTrue(System.nanoTime() < deadline, "only " + finished.size() + " of " + ids.size()
                    + " translations finished after the broker restart");
            for (String id : ids) {
                if (!finished.containsKey(id)) {
                    String st = statusOf(id);
                    if (!"PENDING".equals(st)) {
                        finished.put(id, st);
                    }
                }
            }
            Thread.sleep(POLL_MS);
        }
        long translationsMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertEquals(Set.of("DONE"), new HashSet<>(finished.values()), "every translation DONE");

        JsonNode job = awaitJob(jobId, "DONE", TIMEOUT);
        long jobMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertEquals(total, job.path("totalIterations").asLong(), "the plan");
        assertEquals(total, job.path("iteration").asLong(), "planned iterations");

        Map<String, Integer> results = new HashMap<>();
        List<Long> jobDone = new ArrayList<>();
        Set<Integer> chunksDone = new HashSet<>();
        try (EventLog events = new EventLog(fleet.kafkaBootstrap())) {
            for (Message m : events.readAll()) {
                if (m instanceof TranslationDone d) {
                    results.merge(d.requestId(), 1, Integer::sum);
                } else if (m instanceof TranslationFailed f) {
                    results.merge(f.requestId(), 1, Integer::sum);
                } else if (m instanceof JobDone d && d.jobId().equals(jobId)) {
                    jobDone.add(d.iterations());
                } else if (m instanceof ChunkDone c && c.jobId().equals(jobId)) {
                    chunksDone.add(c.chunkIndex());
                }
            }
        }
        for (String id : ids) {
            assertEquals(1, results.getOrDefault(id, 0), "results on the event topic for " + id);
        }
        assertEquals(List.of(total), jobDone, "one JobDone at the planned iterations");
        assertEquals(Set.of(0, 1, 2), chunksDone, "three chunks of " + chunk);
        assertEquals(1, fleet.restarts("Kafka broker"), "the supervisor restarted the broker once");
        LOG.log(System.Logger.Level.INFO, "broker restart: readiness DOWN after {0} ms, UP again after {1} ms; all 200 "
                        + "translations done after {2} ms, job {3} DONE after {4} ms (times from the kill)",
                downMs, readyMs, translationsMs, jobId, jobMs);
    }

    @Test
    @Order(3)
    void killedObjectStoreMakesReadinessDownUntilTheSupervisorBringsItBack() throws Exception {
        long t0 = System.nanoTime();
        fleet.infra().s3().kill();
        String reason = awaitReadiness(false, Duration.ofSeconds(30));
        long downMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(reason.contains("object store"), "readiness names the object store: " + reason);
        awaitReadiness(true, TIMEOUT);
        long upMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, fleet.restarts("S3 server"), "the supervisor restarted the S3 server once");
        // the objects survived: a translation reads its model and writes its result again
        byte[] png;
        try (Stream<Path> s = Files.list(data.resolve("testA"))) {
            png = Files.readAllBytes(s.sorted().findFirst().orElseThrow());
        }
        String id = client.submit(png, "supervised", modelVersion, "AtoB");
        assertEquals("DONE", client.awaitTranslation(id, TIMEOUT));
        LOG.log(System.Logger.Level.INFO, "S3 server killed: readiness DOWN after {0} ms, UP after {1} ms; {2}", downMs,
                upMs, reason);
    }

    /** A job on the 16-scene dataset; {@code total} must fit its schedule of 16 iterations per epoch. */
    private static Map<String, Object> jobRequest(String name, long total, long chunk) {
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("netG", NET_G);
        hyper.put("ngf", NGF);
        hyper.put("ndf", NGF);
        hyper.put("loadSize", SIZE);
        hyper.put("cropSize", SIZE);
        hyper.put("epochs", EPOCHS);
        hyper.put("epochsDecay", EPOCHS);
        hyper.put("nearestResizeB", true);
        hyper.put("sampleEvery", (int) chunk);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("dataset", "supervised");
        request.put("modelId", "supervised-" + name);
        request.put("totalIterations", total);
        request.put("chunkIterations", chunk);
        request.put("hyperParameters", hyper);
        return request;
    }

    private static List<String> submitTranslations(int n) throws Exception {
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> s = Files.list(data.resolve("trainA"))) {
            for (Path f : s.sorted().toList()) {
                inputs.add(Files.readAllBytes(f));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] png = inputs.get(i % inputs.size());
                submitted.add(pool.submit(() -> client.submit(png, "supervised", modelVersion, "AtoB")));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : submitted) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    private static String statusOf(String requestId) {
        return client.translation(requestId).path("status").asText();
    }

    /** Waits until readiness is {@code up}; returns the body (with the reason when down). */
    private static String awaitReadiness(boolean up, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<byte[]> r = client.getRaw("/q/health/ready");
            String body = new String(r.body(), StandardCharsets.UTF_8);
            if ((r.statusCode() == 200) == up) {
                return body;
            }
            assertTrue(System.nanoTime() < deadline, "readiness not " + (up ? "UP" : "DOWN") + " within "
                    + timeout.toSeconds() + " s: " + r.statusCode() + " " + body);
            Thread.sleep(POLL_MS);
        }
    }

    private static JsonNode awaitJob(String jobId, String status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = client.jobView(jobId);
            if (status.equals(job.path("status").asText())) {
                return job;
            }
            assertTrue(System.nanoTime() < deadline, "job " + jobId + " not " + status + " in time: " + job);
            Thread.sleep(POLL_MS);
        }
    }

    private static void awaitWorkersAlive(int n) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            int alive = 0;
            for (JsonNode w : client.getJson("/fleet/workers")) {
                alive += w.path("alive").asBoolean() ? 1 : 0;
            }
            if (alive == n) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "workers alive: " + client.getJson("/fleet/workers"));
            Thread.sleep(POLL_MS);
        }
    }

    private static String last(List<String> list) {
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }
}
