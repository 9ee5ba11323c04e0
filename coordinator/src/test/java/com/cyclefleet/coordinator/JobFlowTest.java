package com.cyclefleet.coordinator;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.protocol.CheckpointWritten;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.ChunkStarted;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.protocol.JobAccepted;
import com.cyclefleet.protocol.JobCancelled;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.JobFailed;
import com.cyclefleet.protocol.ModelVersionCreated;
import com.cyclefleet.protocol.SamplesWritten;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectLayout;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = FleetTestResource.class, restrictToAnnotatedClass = false)
class JobFlowTest {

    private static KafkaProducer<String, byte[]> worker;

    @Inject
    Fleet fleet;

    @BeforeAll
    static void startWorker() {
        worker = TestSupport.producer();
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    static void uploadDataset(String name) {
        for (Domain domain : Domain.values()) {
            given().multiPart("files", "a1.png", TestSupport.png(8, 1), "image/png")
                    .multiPart("files", "a2.png", TestSupport.png(8, 2), "image/png")
                    .when().post("/datasets/{name}/{domain}/images", name, domain.name())
                    .then().statusCode(201).body("count", equalTo(2));
        }
    }

    static String createJob(String dataset, String modelId, long total, long chunk) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dataset", dataset);
        if (modelId != null) {
            body.put("modelId", modelId);
        }
        body.put("totalIterations", total);
        body.put("chunkIterations", chunk);
        body.put("chunkMaxSeconds", 60);
        body.put("hyperParameters", Map.of("netG", "resnet_6blocks", "ngf", 8, "loadSize", 32, "cropSize", 32));
        return given().contentType(ContentType.JSON).body(body).when().post("/jobs")
                .then().statusCode(201).body("status", equalTo("QUEUED")).extract().path("jobId");
    }

    @Test
    void createJobPublishesAcceptedAndFirstChunkTask() {
        uploadDataset("horses");
        String jobId = createJob("horses", null, 20, 10);

        JobAccepted accepted = TestSupport.find(Topics.EVENTS, JobAccepted.class, a -> a.jobId().equals(jobId)).message();
        assertEquals("horses", accepted.datasetName());
        assertEquals(10, accepted.chunkIterations());
        TestSupport.Keyed<TrainChunkTask> task = TestSupport.find(Topics.TRAIN_TASKS, TrainChunkTask.class,
                t -> t.jobId().equals(jobId));
        assertEquals(jobId, task.key());
        assertEquals(0, task.message().chunkIndex());
        assertEquals(0, task.message().startIteration());
        assertNull(task.message().checkpointKey());
        assertEquals(10, task.message().maxIterations());
        assertEquals(ObjectLayout.domainPrefix("horses", Domain.A), task.message().dataset().prefixA());
        assertEquals(ObjectLayout.domainPrefix("horses", Domain.B), task.message().dataset().prefixB());
        assertEquals(fleet.store().bucket(), task.message().dataset().bucket());
        assertEquals(20, task.message().spec().totalIterations());
    }

    @Test
    void workerEventsFoldIntoJobStatusAndJobDoneCreatesModelVersion() throws Exception {
        uploadDataset("zebras");
        String jobId = createJob("zebras", "zebra-model", 20, 10);

        // play the worker: chunk 0 starts (the job runs from now, not from its first ChunkDone)
        given().get("/jobs/{id}", jobId).then().body("job.status", equalTo("QUEUED"));
        TestSupport.publish(worker, new ChunkStarted(jobId, 0, 0, "worker-1"));
        TestSupport.await("start folded", () -> "RUNNING".equals(given().get("/jobs/{id}", jobId).path("job.status")));
        given().get("/jobs/{id}", jobId).then().body("job.runningChunk.chunkIndex", equalTo(0))
                .body("job.runningChunk.workerId", equalTo("worker-1")).body("job.chunksDone", equalTo(0));
        String ckpt10 = ObjectLayout.checkpoint(jobId, 10);
        fleet.store().put(ckpt10, "checkpoint-10".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        String sample10 = ObjectLayout.sample(jobId, 10);
        fleet.store().put(sample10, TestSupport.png(8, 3), "image/png");
        fleet.store().put(ObjectLayout.lossHistory(jobId),
                "{\"iteration\":5,\"G_A\":1.5}\n{\"iteration\":10,\"G_A\":1.25}\n".getBytes(StandardCharsets.UTF_8),
                "application/x-ndjson");
        TestSupport.publish(worker, new CheckpointWritten(jobId, 10, ckpt10));
        TestSupport.publish(worker, new SamplesWritten(jobId, 10, List.of(sample10)));
        TestSupport.publish(worker, new ChunkDone(jobId, 0, 10, 1, 0.0002, Map.of("G_A", 1.25, "D_A", 0.5),
                120.0, 1500, "worker-1"));
        TestSupport.await("chunk folded", () -> given().get("/jobs/{id}", jobId).path("job.iteration")
                .equals(10));
        Response detail = given().get("/jobs/{id}", jobId);
        detail.then().statusCode(200)
                .body("job.status", equalTo("RUNNING"))
                .body("job.runningChunk", nullValue())
                .body("job.epoch", equalTo(1))
                .body("job.losses.G_A", equalTo(1.25f))
                .body("job.checkpoints[0].key", equalTo(ckpt10))
                .body("lossHistory.size()", equalTo(2))
                .body("lossHistory[1].G_A", equalTo(1.25f));
        String url = detail.path("sampleUrls[0].urls[0]");
        HttpResponse<byte[]> sample = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, sample.statusCode(), "presigned sample URL answers");
        assertArrayEquals(TestSupport.png(8, 3), sample.body());

        // checkpoint -> model version on request
        given().post("/jobs/{id}/checkpoints/10/model-version", jobId).then().statusCode(201)
                .body("modelId", equalTo("zebra-model")).body("version", equalTo(1)).body("kind", equalTo("checkpoint"));
        assertArrayEquals("checkpoint-10".getBytes(StandardCharsets.UTF_8),
                fleet.store().get("models/zebra-model/v1/model.zip"));

        // chunk 1 and job done with the serving bundle
        String ckpt20 = ObjectLayout.checkpoint(jobId, 20);
        fleet.store().put(ckpt20, "checkpoint-20".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        String bundle = ObjectLayout.jobBundle(jobId);
        byte[] bundleBytes = TestSupport.zip(Map.of("model.json", "{}".getBytes(StandardCharsets.UTF_8)));
        fleet.store().put(bundle, bundleBytes, "application/zip");
        TestSupport.publish(worker, new CheckpointWritten(jobId, 20, ckpt20));
        TestSupport.publish(worker, new ChunkDone(jobId, 1, 20, 2, 0.0001, Map.of("G_A", 1.0), 110.0, 1400, "worker-1"));
        TestSupport.publish(worker, new JobDone(jobId, 20, ckpt20,
                Map.of(Direction.A_TO_B, bundle, Direction.B_TO_A, bundle), bundle));

        TestSupport.await("final model version", () -> Integer.valueOf(2).equals(
                given().get("/jobs/{id}", jobId).path("job.modelVersion")));
        given().get("/models/zebra-model").then().statusCode(200).body("latestVersion", equalTo(2))
                .body("versions[1].kind", equalTo("final")).body("versions[1].source", equalTo(jobId))
                .body("versions[1].dataset", equalTo("zebras"));
        assertArrayEquals(bundleBytes, fleet.store().get(ObjectLayout.modelVersionPrefix("zebra-model", 2) + "model.zip"));
        ModelVersionCreated created = TestSupport.find(Topics.EVENTS, ModelVersionCreated.class,
                v -> v.modelId().equals("zebra-model") && v.version() == 2).message();
        assertEquals("models/zebra-model/v2/model.zip", created.generatorKeys().get(Direction.A_TO_B));
        given().get("/jobs/{id}", jobId).then().body("job.status", equalTo("DONE"));

        // promote: default for the job's dataset, both directions
        given().contentType(ContentType.JSON).body(Map.of()).post("/models/zebra-model/versions/2/promote")
                .then().statusCode(200).body("size()", equalTo(2));
        given().get("/models/defaults").then().body("modelId", hasItem("zebra-model"));

        // the job's event stream replays its history and ends at JobDone
        String events = given().accept("text/event-stream").get("/jobs/{id}/events", jobId).then().statusCode(200)
                .extract().asString();
        assertTrue(events.contains("event:JobAccepted") && events.contains("event:ChunkStarted")
                && events.contains("event:JobDone"), events);

        // a finished job cannot be cancelled
        given().post("/jobs/{id}/cancel", jobId).then().statusCode(409).body("error", containsString("DONE"));
    }

    @Test
    void failedJobResumesFromLatestCheckpointAndCancelWritesMarker() {
        uploadDataset("apples");
        String jobId = createJob("apples", null, 30, 10);
        given().post("/jobs/{id}/resume", jobId).then().statusCode(409).body("error", containsString("QUEUED"));

        String ckpt = ObjectLayout.checkpoint(jobId, 10);
        TestSupport.publish(worker, new CheckpointWritten(jobId, 10, ckpt));
        TestSupport.publish(worker, new ChunkDone(jobId, 0, 10, 1, 0.0002, Map.of("G_A", 2.0), 100.0, 1000, "w"));
        TestSupport.publish(worker, new JobFailed(jobId, "engine: out of memory"));
        TestSupport.await("failure folded", () -> "FAILED".equals(given().get("/jobs/{id}", jobId).path("job.status")));
        given().get("/jobs/{id}", jobId).then().body("job.failureReason", equalTo("engine: out of memory"));

        given().post("/jobs/{id}/resume", jobId).then().statusCode(200).body("status", equalTo("RUNNING"));
        TrainChunkTask resumed = TestSupport.find(Topics.TRAIN_TASKS, TrainChunkTask.class,
                t -> t.jobId().equals(jobId) && t.chunkIndex() == 1).message();
        assertEquals(10, resumed.startIteration());
        assertEquals(ckpt, resumed.checkpointKey());
        assertEquals(Integer.valueOf(1), resumed.resumesFailures(), "the resume answers the one failure");

        given().post("/jobs/{id}/cancel", jobId).then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertTrue(fleet.store().exists(ObjectLayout.jobPrefix(jobId) + "cancelled"));
        TestSupport.find(Topics.EVENTS, JobCancelled.class, c -> c.jobId().equals(jobId));
    }

    @Test
    void openApiHealthAndMetricsAnswer() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/translations/batches"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("cyclefleet_state_records_applied"));
    }

    @Test
    void badJobRequestsAreRejected() {
        given().contentType(ContentType.JSON).body(Map.of("dataset", "nope", "totalIterations", 5)).post("/jobs")
                .then().statusCode(404).body("error", containsString("dataset 'nope' not found"));
        uploadDataset("pears");
        given().contentType(ContentType.JSON).body(Map.of("dataset", "pears")).post("/jobs")
                .then().statusCode(400).body("error", containsString("totalIterations"));
        given().contentType(ContentType.JSON)
                .body(Map.of("dataset", "pears", "totalIterations", 5, "hyperParameters", Map.of("netG", "unet")))
                .post("/jobs").then().statusCode(400).body("error", containsString("netG must be one of"));
        given().contentType(ContentType.JSON).body("{not json").post("/jobs").then().statusCode(400)
                .body("error", containsString("JSON"));
        given().get("/jobs/job-unknown").then().statusCode(404).body("error", containsString("not found"));
    }
}
