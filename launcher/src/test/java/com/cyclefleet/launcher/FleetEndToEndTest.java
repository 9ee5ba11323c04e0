package com.cyclefleet.launcher;

import com.cyclefleet.devstack.Directories;
import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.infer.Translator;
import com.cyclefleet.engine.io.TorchWeights;
import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.net.ResnetGenerator;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.engine.util.Rng;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.coordinator.testing.Browser;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

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
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet end to end, as real processes: the KRaft broker and s3proxy (devstack), the coordinator's fast-jar and two
 * workers, all started by {@link LocalFleet} once for the class. Tiny models (resnet_6blocks, ngf 8, ndf 8, 32x32).
 * Order matters only in that the coordinator restart comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetEndToEndTest {

    private static final System.Logger LOG = System.getLogger(FleetEndToEndTest.class.getName());
    private static final String NET_G = GeneratorSpec.RESNET_6;
    private static final int NGF = 8;
    private static final int SIZE = 32;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    static Path tmp;
    static LocalFleet fleet;
    static FleetClient client;
    static Path data;
    static ResnetGenerator importedA;
    static int importedVersion;

    @BeforeAll
    static void startFleet() throws Exception {
        Path root = LocalFleet.repositoryRoot();
        tmp = Files.createTempDirectory("cyclefleet-e2e-");
        data = tmp.resolve("synthetic");
        SyntheticDatasetWriter.write(data, 16, SIZE, 5L);
        long t0 = System.nanoTime();
        LocalFleet.Options options = LocalFleet.Options.temporary(root, root.resolve("launcher/target/e2e-logs"), 2)
                .withWorkerEnv(Map.of(
                        // a killed worker's partitions move after 6 s (the broker's minimum) instead of 45 s
                        "CYCLEFLEET_WORKER_SESSION_TIMEOUT_MS", "6000",
                        // two workers on two cores: one native thread each
                        "OMP_NUM_THREADS", "1"));
        fleet = LocalFleet.start(options);
        client = new FleetClient(fleet.coordinatorUrl());
        LOG.log(System.Logger.Level.INFO, "fleet started in {0} ms", (System.nanoTime() - t0) / 1_000_000);

        // a model imported through the torch-weights endpoint, shared by the translation tests
        GeneratorSpec spec = new GeneratorSpec(NET_G, NGF);
        importedA = new ResnetGenerator(spec, new Rng(101), DataType.FLOAT);
        ResnetGenerator importedB = new ResnetGenerator(spec, new Rng(102), DataType.FLOAT);
        Path weights = tmp.resolve("weights");
        TorchWeights.save(importedA, weights.resolve("G_A"));
        TorchWeights.save(importedB, weights.resolve("G_B"));
        JsonNode v = client.importWeights("imported", FleetClient.zipTree(weights), NET_G, NGF);
        importedVersion = v.path("version").asInt();
        assertTrue(importedVersion >= 1, v.toString());
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
        if (tmp != null) {
            Directories.clean(tmp);
        }
    }

    @Test
    @Order(1)
    void restSubmitReturnsTheTranslatedPngTheEngineComputes() throws Exception {
        byte[] png = Files.readAllBytes(firstImage("testA"));
        long t0 = System.nanoTime();
        byte[] out = client.translateSync(png, "imported", "AtoB");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        FloatImage fleetOut = ImageCodec.decode(out, "fleet result");
        assertEquals(SIZE, fleetOut.height());
        assertEquals(SIZE, fleetOut.width());

        // the same weights through the engine in this JVM: the fleet must return that image (to PNG rounding)
        FloatImage input = ImageCodec.decode(png, "input");
        FloatImage engineOut = new Translator(importedA).translate(List.of(input)).get(0);
        float worst = 0;
        for (int i = 0; i < engineOut.data().length; i++) {
            worst = Math.max(worst, Math.abs(engineOut.data()[i] - fleetOut.data()[i]));
        }
        LOG.log(System.Logger.Level.INFO, "sync translation in {0} ms; max |fleet - engine| = {1}", ms, worst);
        // one 8-bit step is 2/255 in [-1, 1]; allow one step of rounding
        assertTrue(worst <= 2.0f / 255 + 1e-4f, "fleet output differs from the engine's by " + worst);
    }

    @Test
    @Order(2)
    void twoHundredAsyncRequestsGiveTwoHundredResultsNoneLostNoneDuplicated() throws Exception {
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> s = Stream.concat(Files.list(data.resolve("trainA")), Files.list(data.resolve("trainB")))) {
            for (Path f : s.sorted().toList()) {
                inputs.add(Files.readAllBytes(f));
            }
        }
        int n = 200;
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<String> ids;
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] png = inputs.get(i % inputs.size());
                String direction = i % 2 == 0 ? "AtoB" : "BtoA";
                submitted.add(pool.submit(() -> client.submit(png, "imported", importedVersion, direction)));
            }
            ids = new ArrayList<>();
            for (Future<String> f : submitted) {
                ids.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(n, new HashSet<>(ids).size(), "request ids are unique");

        // poll until every request is finished
        Map<String, String> status = new HashMap<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (status.size() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + status.size() + " of " + n + " finished in time");
            for (String id : ids) {
                if (!status.containsKey(id)) {
                    String st = client.translation(id).path("status").asText();
                    if (!"PENDING".equals(st)) {
                        status.put(id, st);
                    }
                }
            }
            Thread.sleep(200);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Set.of("DONE"), new HashSet<>(status.values()), "every request translated");
        for (String id : ids) {
            FloatImage out = ImageCodec.decode(client.result(id), id);
            assertEquals(SIZE, out.height());
        }

        // the event topic: exactly one TranslationDone/Failed per request id, nothing for ids we did not send
        Map<String, Integer> results = new HashMap<>();
        try (EventLog events = new EventLog(fleet.kafkaBootstrap())) {
            for (Message m : events.readAll()) {
                if (m instanceof TranslationDone d) {
                    results.merge(d.requestId(), 1, Integer::sum);
                } else if (m instanceof TranslationFailed f) {
                    results.merge(f.requestId(), 1, Integer::sum);
                }
            }
        }
        for (String id : ids) {
            assertEquals(1, results.getOrDefault(id, 0), "results on the event topic for " + id);
        }
        LOG.log(System.Logger.Level.INFO, "{0} async translations done in {1} ms, one result event each", n, ms);
    }

    /**
     * The dashboard served by the real coordinator, with the real workers behind it: the playground translates an
     * uploaded file through the fleet, and the fleet page lists both workers from their heartbeats.
     */
    @Test
    @Order(3)
    void dashboardPlaygroundTranslatesAnUploadedFileAndFleetPageListsTheWorkers() throws Exception {
        try (Browser browser = new Browser()) {
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(60));
            browser.driver.get(fleet.coordinatorUrl() + "/playground.html");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#model option[value='imported']")));
            new Select(browser.driver.findElement(By.id("model"))).selectByValue("imported");
            new Select(browser.driver.findElement(By.id("version"))).selectByValue(String.valueOf(importedVersion));
            new Select(browser.driver.findElement(By.id("direction"))).selectByValue("AtoB");
            browser.driver.findElement(By.id("file")).sendKeys(firstImage("testA").toString());
            WebElement output = browser.driver.findElement(By.id("output"));
            wait.until(d -> ((Number) browser.driver.executeScript(
                    "return arguments[0].complete && !arguments[0].hidden ? arguments[0].naturalWidth : 0;", output))
                    .intValue() == SIZE);
            String latency = browser.driver.findElement(By.id("latency")).getText();
            assertTrue(latency.matches("output: \\d+ ms round trip, \\d+ ms in the fleet \\(imported v"
                    + importedVersion + ", batch \\d+\\)"), latency);
            String requestId = output.getAttribute("data-request-id");
            JsonNode view = client.translation(requestId);
            assertEquals("DONE", view.path("status").asText(), view.toString());
            browser.screenshot("playground");
            assertEquals(List.of(), browser.consoleErrors(), "console errors on the playground");

            browser.driver.get(fleet.coordinatorUrl() + "/fleet.html");
            for (String id : fleet.workers().stream().map(LocalFleet.WorkerHandle::id).toList()) {
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("workers"), id));
            }
            browser.screenshot("fleet-real-workers");
            assertEquals(List.of(), browser.consoleErrors(), "console errors on the fleet page");
        }
    }

    @Test
    @Order(4)
    void workerKilledMidChunkAndTheJobStillFinishesWithThePlannedIterations() throws Exception {
        assertEquals(2, fleet.workers().stream().filter(LocalFleet.WorkerHandle::isAlive).count());
        client.uploadFolder("faults", "A", data.resolve("trainA"));
        client.uploadFolder("faults", "B", data.resolve("trainB"));
        long total = 60;
        long chunk = 20;
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("netG", NET_G);
        hyper.put("ngf", NGF);
        hyper.put("ndf", NGF);
        hyper.put("loadSize", SIZE);
        hyper.put("cropSize", SIZE);
        hyper.put("epochs", 2);
        hyper.put("epochsDecay", 2);
        hyper.put("nearestResizeB", true);
        hyper.put("sampleEvery", (int) chunk);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("dataset", "faults");
        request.put("modelId", "faults");
        request.put("totalIterations", total);
        request.put("chunkIterations", chunk);
        request.put("hyperParameters", hyper);

        long t0 = System.nanoTime();
        String jobId;
        String killedId;
        ChunkDone first;
        try (EventLog events = new EventLog(fleet.kafkaBootstrap())) {
            jobId = client.createJob(request).path("jobId").asText();
            first = (ChunkDone) events.await(m -> m instanceof ChunkDone c && c.jobId().equals(jobId), TIMEOUT);
            // the worker that did chunk 0 takes chunk 1 (same partition): kill it once it has started it
            killedId = first.workerId();
            int index = indexOf(killedId);
            Path victimLog = fleet.workers().get(index).logFile();
            awaitLogLine(victimLog, jobId + " chunk 1: starting", Duration.ofSeconds(20));
            fleet.killWorker(index);
            LOG.log(System.Logger.Level.INFO, "chunk 0 done by {0} at iteration {1} ({2} ms); killed it (SIGKILL)",
                    killedId, first.iteration(), (System.nanoTime() - t0) / 1_000_000);
            assertFalse(fleet.workers().get(index).isAlive());

            JobDone done = (JobDone) events.await(m -> m instanceof JobDone d && d.jobId().equals(jobId), TIMEOUT);
            assertEquals(total, done.iterations(), "JobDone after exactly the planned iterations");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;

        List<ChunkDone> chunks = new ArrayList<>();
        try (EventLog events = new EventLog(fleet.kafkaBootstrap())) {
            for (Message m : events.readAll()) {
                if (m instanceof ChunkDone c && c.jobId().equals(jobId)) {
                    chunks.add(c);
                }
            }
        }
        Map<Integer, List<String>> byChunk = new TreeMap<>();
        for (ChunkDone c : chunks) {
            byChunk.computeIfAbsent(c.chunkIndex(), k -> new ArrayList<>()).add(c.workerId() + "@" + c.iteration());
        }
        LOG.log(System.Logger.Level.INFO, "job {0} done in {1} ms after the kill; chunks: {2}", jobId, ms, byChunk);
        assertEquals(Set.of(0, 1, 2), byChunk.keySet(), "three chunks of 20");
        assertEquals(List.of(killedId + "@" + chunk), byChunk.get(0));
        // chunk 1 was taken over from the previous checkpoint by the surviving worker; the killed one never finished it
        for (int c = 1; c <= 2; c++) {
            for (String by : byChunk.get(c)) {
                assertNotEquals(killedId, by.substring(0, by.indexOf('@')), "chunk " + c + " after the kill");
            }
        }
        assertEquals((chunk * 2) + "", byChunk.get(1).get(byChunk.get(1).size() - 1).split("@")[1]);

        JsonNode job = client.jobView(jobId);
        assertEquals("DONE", job.path("status").asText());
        assertEquals(total, job.path("iteration").asLong());
        // the loss history holds each iteration once: the redone chunk overwrote, it did not append twice
        JsonNode history = client.getJson("/jobs/" + jobId + "/loss-history");
        assertEquals(total, history.size(), "loss history entries");
        Set<Long> iterations = new HashSet<>();
        history.forEach(h -> iterations.add(h.path("iteration").asLong()));
        assertEquals(total, iterations.size(), "distinct iterations in the loss history");

        // bring the worker back for the rest of the class
        fleet.startWorker(indexOf(killedId));
    }

    @Test
    @Order(5)
    void coordinatorRestartKeepsJobsModelsAndTranslations() throws Exception {
        byte[] png = Files.readAllBytes(firstImage("testB"));
        String id = client.submit(png, "imported", importedVersion, "BtoA");
        assertEquals("DONE", client.awaitTranslation(id, TIMEOUT));
        JsonNode jobsBefore = sorted(client.getJson("/jobs"), "jobId");
        JsonNode modelsBefore = sorted(client.getJson("/models"), "modelId");
        JsonNode translationBefore = client.translation(id);
        byte[] resultBefore = client.result(id);
        assertTrue(jobsBefore.size() >= 1, "a job exists before the restart");
        assertTrue(modelsBefore.size() >= 2, "models exist before the restart");

        long t0 = System.nanoTime();
        fleet.restartCoordinator();
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(jobsBefore, sorted(client.getJson("/jobs"), "jobId"), "GET /jobs after restart");
        assertEquals(modelsBefore, sorted(client.getJson("/models"), "modelId"), "GET /models after restart");
        assertEquals(translationBefore, client.translation(id), "GET /translations/{id} after restart");
        assertTrue(java.util.Arrays.equals(resultBefore, client.result(id)), "the same result PNG after restart");

        // and the restarted coordinator still drives the fleet
        String after = client.submit(png, "imported", importedVersion, "BtoA");
        assertEquals("DONE", client.awaitTranslation(after, TIMEOUT));
        LOG.log(System.Logger.Level.INFO, "coordinator restarted in {0} ms; {1} jobs, {2} models, translation {3} "
                + "identical; new translation after restart done", ms, jobsBefore.size(), modelsBefore.size(), id);
    }

    private static void awaitLogLine(Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "'" + text + "' not logged in " + log);
            Thread.sleep(20);
        }
    }

    private static JsonNode sorted(JsonNode array, String key) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        items.sort((a, b) -> a.path(key).asText().compareTo(b.path(key).asText()));
        return FleetClient.JSON.valueToTree(items);
    }

    private static int indexOf(String workerId) {
        for (LocalFleet.WorkerHandle w : fleet.workers()) {
            if (w.id().equals(workerId)) {
                return w.index();
            }
        }
        throw new AssertionError("no local worker named " + workerId);
    }

    private static Path firstImage(String folder) throws Exception {
        try (Stream<Path> s = Files.list(data.resolve(folder))) {
            return s.sorted().findFirst().orElseThrow();
        }
    }
}
