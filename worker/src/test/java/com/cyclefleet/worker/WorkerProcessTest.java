package com.cyclefleet.worker;

import com.cyclefleet.engine.infer.GeneratorBundle;
import com.cyclefleet.devstack.Ports;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.engine.train.Checkpoint;
import com.cyclefleet.engine.train.CycleGanTrainer;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WorkerMain as the fleet runs it: a child JVM configured only by environment variables, stopped by SIGTERM. */
class WorkerProcessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void childProcessServesHealthTranslatesAndStopsOnSigterm() throws Exception {
        String model = "m-child";
        Path data = tmp.resolve("synthetic");
        SyntheticDatasetWriter.write(data, 2, 32, 3L);
        try (ObjectStore store = TestFleet.store(); KafkaProducer<String, byte[]> producer = TestFleet.producer()) {
            CycleGanTrainer untrained = CycleGanTrainer.create(TestFleet.tinySpec(1, 1).parameters(),
                    UnalignedDataset.open(data));
            store.put(ObjectLayout.modelArtifact(model, 1), GeneratorBundle.of(untrained).toBytes(0),
                    "application/zip");
            byte[] input;
            try (var files = Files.list(data.resolve("trainA"))) {
                input = Files.readAllBytes(files.sorted().findFirst().orElseThrow());
            }
            store.put(ObjectLayout.translationInput("req-child"), input, "image/png");

            int port = Ports.free();
            WorkerConfig config = TestFleet.workerConfig("test-child", Set.of(WorkerRole.TRANSLATE), tmp.resolve("c"));
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                    "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName()));
            builder.environment().putAll(config.toEnvironment());
            builder.environment().put(WorkerConfig.ENV_HTTP_PORT, Integer.toString(port));
            builder.environment().putAll(Map.of("OMP_NUM_THREADS", "1", "OMP_WAIT_POLICY", "PASSIVE"));
            builder.redirectErrorStream(true).redirectOutput(tmp.resolve("worker.log").toFile());
            Process child = builder.start();
            try {
                awaitHealthy(port, child);
                TestFleet.publish(producer, new TranslateTask("req-child", model, 1, Direction.A_TO_B,
                        ObjectLayout.translationInput("req-child"), ObjectLayout.translationOutput("req-child"),
                        System.currentTimeMillis(), null));
                try (TestFleet.TopicReader events = new TestFleet.TopicReader(Topics.EVENTS)) {
                    List<Message> results = events.awaitMessages(ms -> ms.stream().anyMatch(m ->
                            m instanceof TranslationDone d && d.requestId().equals("req-child")), TIMEOUT,
                            "the child's TranslationDone");
                    assertTrue(results.stream().anyMatch(m -> m instanceof TranslationDone));
                }
                ImageCodec.decode(store.get(ObjectLayout.translationOutput("req-child")), "output");

                child.destroy(); // SIGTERM: the shutdown hook leaves the consumer group and stops
                assertTrue(child.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "worker exits after SIGTERM");
                String log = Files.readString(tmp.resolve("worker.log"));
                assertTrue(log.contains("worker test-child stopped"), log);
                assertTrue(log.contains("ND4J backend: CPU (nd4j-native)"), "the start-up GPU check's line: " + log);
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private void awaitHealthy(int port, Process child) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(child.isAlive(), () -> "worker exited: " + readLog());
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    assertEquals("UP", health.body().lines().findFirst().orElse(""));
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("worker never became healthy: " + readLog());
    }

    private String readLog() {
        try {
            return Files.readString(tmp.resolve("worker.log"));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
