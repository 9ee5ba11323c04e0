package com.cyclefleet.launcher.scale;

import com.cyclefleet.engine.io.TorchWeights;
import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.net.ResnetGenerator;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.cyclefleet.engine.util.Rng;
import com.cyclefleet.launcher.FleetClient;
import com.cyclefleet.launcher.LocalFleet;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.protocol.scaling.ScalingPolicy;
import com.cyclefleet.storage.ObjectLayout;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code up --autoscale} on real processes (broker, s3proxy, coordinator, worker JVMs), with the production policy's
 * thresholds and shorter timings: a burst of 300 translation requests scales the translate pool 1 -> 2 and back after
 * the cooldown; a training job scales the train pool 0 -> 1 and back to 0 once it is done. Every decision is reported
 * with the lag that caused it and reaches the coordinator's {@code GET /fleet/scaling}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoscalerFleetTest {

    private static final System.Logger LOG = System.getLogger(AutoscalerFleetTest.class.getName());
    private static final String NET_G = GeneratorSpec.RESNET_6;
    private static final int NGF = 8;
    private static final int SIZE = 32;
    private static final int BURST = 300;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TRANSLATE_COOLDOWN = Duration.ofSeconds(5);
    private static final Duration TRAIN_COOLDOWN = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    static Path tmp;
    static LocalFleet fleet;
    static FleetClient client;
    static FleetPool translatePool;
    static FleetPool trainPool;
    static Autoscaler autoscaler;
    static final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startFleet() throws Exception {
        Path root = LocalFleet.repositoryRoot();
        tmp = Files.createTempDirectory("cyclefleet-autoscale-");
        Path data = tmp.resolve("synthetic");
        SyntheticDatasetWriter.write(data, BURST, SIZE, 11L);
        fleet = LocalFleet.start(LocalFleet.Options.temporary(root, root.resolve("launcher/target/autoscale-logs"), 0));
        client = new FleetClient(fleet.coordinatorUrl());
        Path weights = tmp.resolve("weights");
        GeneratorSpec spec = new GeneratorSpec(NET_G, NGF);
        TorchWeights.save(new ResnetGenerator(spec, new Rng(301), DataType.FLOAT), weights.resolve("G_A"));
        TorchWeights.save(new ResnetGenerator(spec, new Rng(302), DataType.FLOAT), weights.resolve("G_B"));
        client.importWeights("burst", FleetClient.zipTree(weights), NET_G, NGF);
        client.uploadFolder("burst", "A", data.resolve("trainA"));
        client.uploadFolder("burst", "B", data.resolve("trainB"));

        translatePool = new FleetPool(fleet, "translate");
        trainPool = new FleetPool(fleet, "train");
        Map<ScalingPolicy, WorkerPool> pools = new LinkedHashMap<>();
        pools.put(ScalingPolicy.TRANSLATE.withBounds(1, 2).withTimings(POLL, TRANSLATE_COOLDOWN), translatePool);
        pools.put(ScalingPolicy.TRAIN.withBounds(0, 1).withTimings(POLL, TRAIN_COOLDOWN), trainPool);
        autoscaler = new Autoscaler(pools, fleet.kafkaBootstrap(), line -> {
            lines.add(line);
            System.err.println(line);
        }, Clock.systemUTC()).start();
    }

    @AfterAll
    static void stopFleet() throws Exception {
        if (autoscaler != null) {
            autoscaler.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (tmp != null) {
            com.cyclefleet.devstack.Directories.clean(tmp);
        }
    }

    @Test
    @Order(1)
    void burstOf300TranslationsScalesOneToTwoAndBackAfterTheCooldown() {
        await("one translate worker (the minimum)", () -> translatePool.size() == 1 && decisions("translate") == 1);
        long t0 = System.nanoTime();
        // one request for 300 images: 300 tasks in one transaction, the burst at once
        JsonNode accepted = client.postJson("/translations/batches", Map.of("modelId", "burst", "direction", "AtoB",
                "inputPrefix", ObjectLayout.domainPrefix("burst", Domain.A), "outputPrefix", "bursts/out/"));
        assertEquals(BURST, accepted.path("requests").asInt(), accepted.toString());
        String batchId = accepted.path("batchId").asText();
        await("a second translate worker", () -> translatePool.size() == 2);
        await("the burst translated", () -> client.getJson("/translations/batches/" + batchId).path("pending")
                .asInt(-1) == 0);
        JsonNode batch = client.getJson("/translations/batches/" + batchId);
        assertEquals(BURST, batch.path("done").asInt(), batch.toString());
        long doneMs = (System.nanoTime() - t0) / 1_000_000;
        await("back to one translate worker", () -> translatePool.size() == 1 && decisions("translate") == 3);
        List<Decision> d = autoscaler.decisions().stream().filter(x -> x.pool().equals("translate")).toList();
        LOG.log(System.Logger.Level.INFO, "burst of {0} done in {1} ms; decisions: {2}", BURST, doneMs, d);
        assertEquals(List.of(0, 1, 2), d.stream().map(Decision::from).toList(), "translate decisions " + d);
        assertEquals(List.of(1, 2, 1), d.stream().map(Decision::to).toList(), "translate decisions " + d);
        assertTrue(d.get(1).lag() > ScalingPolicy.TRANSLATE.lagThreshold(), "scale-up lag " + d.get(1));
        assertTrue(!d.get(2).at().isBefore(d.get(1).at().plus(TRANSLATE_COOLDOWN)),
                "scale-down only after the cooldown: " + d);
        assertTrue(d.get(2).lag() <= ScalingPolicy.TRANSLATE.lagThreshold(), "scale-down lag " + d.get(2));
        assertEquals(0, trainPool.size(), "no training, no train worker");
        assertLoggedAndPublished();
    }

    @Test
    @Order(2)
    void trainingJobScalesTheTrainPoolFromZeroToOneAndBackToZero() {
        assertEquals(0, trainPool.size());
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("netG", NET_G);
        hyper.put("ngf", NGF);
        hyper.put("ndf", NGF);
        hyper.put("loadSize", SIZE);
        hyper.put("cropSize", SIZE);
        hyper.put("epochs", 1);
        hyper.put("epochsDecay", 1);
        hyper.put("sampleEvery", 10);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("dataset", "burst");
        request.put("modelId", "burst-trained");
        request.put("totalIterations", 10);
        request.put("chunkIterations", 10);
        request.put("hyperParameters", hyper);
        String jobId = client.createJob(request).path("jobId").asText();
        await("a train worker", () -> trainPool.size() == 1);
        await("job " + jobId + " DONE", () -> "DONE".equals(client.jobView(jobId).path("status").asText()));
        await("no train worker", () -> trainPool.size() == 0 && decisions("train") == 2);
        List<Decision> d = autoscaler.decisions().stream().filter(x -> x.pool().equals("train")).toList();
        LOG.log(System.Logger.Level.INFO, "train decisions: {0}", d);
        assertEquals(List.of(0, 1), d.stream().map(Decision::from).toList(), "train decisions " + d);
        assertEquals(List.of(1, 0), d.stream().map(Decision::to).toList(), "train decisions " + d);
        assertTrue(d.get(0).lag() >= 1, "scale-up lag " + d.get(0));
        assertEquals(0, d.get(1).lag(), "scale-down lag " + d.get(1));
        assertLoggedAndPublished();
    }

    /** Each decision is one reported line with its lag, and the coordinator shows every one of them. */
    private static void assertLoggedAndPublished() {
        List<Decision> all = autoscaler.decisions();
        for (Decision d : all) {
            assertTrue(lines.contains("autoscaler: " + d.line()), "not reported: " + d.line());
            assertTrue(d.line().contains("(lag " + d.lag() + ")"), d.line());
        }
        await("GET /fleet/scaling shows " + all.size() + " decisions",
                () -> client.getJson("/fleet/scaling").path("decisions").size() == all.size());
        JsonNode newest = client.getJson("/fleet/scaling").path("decisions").get(0);
        Decision last = all.get(all.size() - 1);
        assertEquals(last.reason(), newest.path("reason").asText());
        assertEquals(last.lag(), newest.path("lag").asLong());
    }

    private static long decisions(String pool) {
        return autoscaler.decisions().stream().filter(d -> d.pool().equals(pool)).count();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + TIMEOUT.toSeconds() + " s: " + what
                    + "; decisions " + autoscaler.decisions());
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
