package com.cyclefleet.coordinator;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.kafka.KafkaSettings;
import com.cyclefleet.coordinator.kafka.StateConsumer;
import com.cyclefleet.coordinator.state.FleetState;
import com.cyclefleet.protocol.CheckpointWritten;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.JobFailed;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.storage.ObjectLayout;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restarted coordinator knows everything: a second, fresh state consumer replays the same topics from the beginning
 * and reaches exactly the live coordinator's state (jobs, models, promotions, datasets, translations).
 */
@QuarkusTest
@QuarkusTestResource(value = FleetTestResource.class, restrictToAnnotatedClass = false)
class StateRebuildTest {

    @Inject
    Fleet fleet;

    @Inject
    ObjectMapper mapper;

    @Test
    void aFreshFolderRebuildsTheSameState() throws Exception {
        JobFlowTest.uploadDataset("rebuild");
        String done = JobFlowTest.createJob("rebuild", "rebuilt-model", 10, 10);
        String failed = JobFlowTest.createJob("rebuild", null, 10, 5);
        String bundle = ObjectLayout.jobBundle(done);
        fleet.store().put(bundle, "bundle".getBytes(StandardCharsets.UTF_8), "application/zip");
        try (KafkaProducer<String, byte[]> worker = TestSupport.producer()) {
            TestSupport.publish(worker, new CheckpointWritten(done, 10, ObjectLayout.checkpoint(done, 10)));
            TestSupport.publish(worker, new ChunkDone(done, 0, 10, 1, 0.0002, Map.of("G_A", 0.75), 90.0, 900, "w"));
            TestSupport.publish(worker, new JobDone(done, 10, ObjectLayout.checkpoint(done, 10),
                    Map.of(Direction.A_TO_B, bundle, Direction.B_TO_A, bundle), bundle));
            TestSupport.publish(worker, new CheckpointWritten(failed, 5, ObjectLayout.checkpoint(failed, 5)));
            TestSupport.publish(worker, new JobFailed(failed, "worker lost"));
        }
        TestSupport.await("final version", () -> fleet.state().finalVersionOf(done).isPresent());
        TestSupport.await("failure", () -> "FAILED".equals(given().get("/jobs/{id}", failed).path("job.status")));
        given().post("/jobs/{id}/resume", failed).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("directions", java.util.List.of("AtoB")))
                .post("/models/rebuilt-model/versions/1/promote").then().statusCode(200);
        TranslationAndUploadTest.importModel("rebuild-translator");
        String pending = given().contentType("image/png").body(TestSupport.png(8, 9))
                .queryParam("model", "rebuild-translator").post("/translations/async").then().statusCode(202)
                .extract().path("requestId");
        // nobody serves the model here, so the batch stays pending: its prefixes come from the tasks alone
        String batch = given().contentType(ContentType.JSON).body(Map.of("modelId", "rebuild-translator",
                        "inputPrefix", ObjectLayout.domainPrefix("rebuild", Domain.A), "outputPrefix", "out/rebuild/"))
                .post("/translations/batches").then().statusCode(202).extract().path("batchId");

        long started = System.nanoTime();
        FleetState rebuilt = new FleetState(fleet.state().liveness());
        try (StateConsumer consumer = new StateConsumer(KafkaSettings.stateConsumer(TestSupport.bootstrap(), "rebuild-test"),
                rebuilt, new MessageCodec(), Duration.ofMillis(100)).start()) {
            consumer.awaitReplayed(TestSupport.WAIT);
            long ms = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("rebuilt state from %d records in %d ms%n", rebuilt.appliedCount(), ms);

            FleetState live = fleet.state();
            assertEquals(live.appliedCount(), rebuilt.appliedCount(), "same number of records folded");
            assertEquals(json(live.jobs()), json(rebuilt.jobs()));
            assertEquals(json(live.models()), json(rebuilt.models()));
            assertEquals(json(live.defaults()), json(rebuilt.defaults()));
            assertEquals(json(live.datasets()), json(rebuilt.datasets()));
            assertEquals(json(live.translation(pending)), json(rebuilt.translation(pending)));
            assertEquals(live.translationCount(), rebuilt.translationCount());
            assertEquals(json(live.batch(batch)), json(rebuilt.batch(batch)));
            assertEquals("out/rebuild/", rebuilt.batch(batch).orElseThrow().outputPrefix());
            assertTrue(rebuilt.job(done).orElseThrow().modelVersion() == 1);
            assertEquals("QUEUED", rebuilt.job(failed).orElseThrow().status().name(),
                    "the resume (a queued chunk) survives a restart");
            assertTrue(rebuilt.doneJobsWithoutFinalVersion().isEmpty(), "no finished job waits for its version");
        }
        given().get("/models/rebuilt-model").then().body("defaults[0].direction", equalTo("AtoB"));
    }

    private String json(Object value) throws Exception {
        return mapper.writeValueAsString(value);
    }
}
