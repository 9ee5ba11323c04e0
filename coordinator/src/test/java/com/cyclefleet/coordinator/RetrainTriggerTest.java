package com.cyclefleet.coordinator;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.kafka.KafkaSettings;
import com.cyclefleet.coordinator.retrain.RetrainState;
import com.cyclefleet.coordinator.retrain.RetrainTrigger;
import com.cyclefleet.coordinator.state.FleetState;
import com.cyclefleet.coordinator.kafka.StateConsumer;
import com.cyclefleet.protocol.DatasetChanged;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.protocol.JobAccepted;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.RetrainStarted;
import com.cyclefleet.protocol.ServingProbationEnded;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectLayout;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Data arrival and the retrain trigger against the real broker and S3 server: images written straight into the
 * bucket are seen once by the watcher, a duplicated MinIO notification counts once, a due policy starts exactly one
 * retrain job, arrivals during it lead to one follow-up, and a rebuilt coordinator state starts nothing again.
 * No worker runs here: the retrain jobs are finished by publishing JobDone as a worker would.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetTestResource.class, restrictToAnnotatedClass = false)
class RetrainTriggerTest {

    @Inject
    Fleet fleet;

    @Test
    void badPoliciesGetAClear400() {
        JobFlowTest.uploadDataset("rt-bad");
        given().get("/datasets/rt-bad/retraining").then().statusCode(404)
                .body("error", containsString("no retraining policy"));
        badPolicy(Map.of("minNewImages", -3, "evalPrefix", "x/"), "minNewImages must be at least 1, was -3");
        badPolicy(Map.of("evalPrefix", "nothing/here/"), "the evaluation set is empty");
        // the dataset's own images would score a candidate on what it trained on
        badPolicy(Map.of("evalPrefix", "datasets/rt-bad/"), "overlaps the dataset's own domain");
        badPolicy(Map.of("evalPrefix", "datasets/rt-bad/B/"), "overlaps the dataset's own domain B prefix");
        // two images per domain: a tenth of them is no image at all
        badPolicy(Map.of("evalFraction", 0.1), "the evaluation set is empty");
        badPolicy(Map.of("evalFraction", 1.0), "evalFraction must be between 0 and 1");
        badPolicy(Map.of("evalFraction", 0.5, "metric", "accuracy"), "unknown metric 'accuracy'");
        badPolicy(Map.of("evalFraction", 0.5, "margin", -1), "margin must be a finite number of at least 0");
        badPolicy(Map.of("evalFraction", 0.5, "minNewImage", 3), "unknown field 'minNewImage'");
        badPolicy(Map.of("evalFraction", 0.5, "iterations", "many"), "field 'iterations' has the wrong type");
        given().get("/datasets/rt-bad/retraining").then().statusCode(404);
    }

    private static void badPolicy(Map<String, Object> body, String error) {
        given().contentType(ContentType.JSON).body(body).put("/datasets/rt-bad/retraining")
                .then().statusCode(400).body("error", containsString(error));
    }

    @Test
    void duplicatedNotificationsCountOnce() throws Exception {
        JobFlowTest.uploadDataset("rt-notify");
        String key = ObjectLayout.datasetImage("rt-notify", Domain.B, "camera-1.png");
        fleet.store().put(key, TestSupport.png(8, 11), "image/png");
        byte[] notification = minioCreated(key);
        try (KafkaProducer<String, byte[]> minio = TestSupport.producer()) {
            for (byte[] value : List.of(notification, "not json".getBytes(StandardCharsets.UTF_8), notification)) {
                minio.send(new ProducerRecord<>(Topics.BUCKET_NOTIFICATIONS, fleet.store().bucket() + "/" + key,
                        value)).get();
            }
        }
        TestSupport.await("the notified image", () -> fleet.state().retraining().seen(key));
        // a later arrival on the same feed shows the duplicate (read before it) was dropped, not still pending
        String later = ObjectLayout.datasetImage("rt-notify", Domain.B, "camera-2.png");
        fleet.store().put(later, TestSupport.png(8, 12), "image/png");
        try (KafkaProducer<String, byte[]> minio = TestSupport.producer()) {
            minio.send(new ProducerRecord<>(Topics.BUCKET_NOTIFICATIONS, later, minioCreated(later))).get();
        }
        TestSupport.await("the later image", () -> fleet.state().retraining().seen(later));
        assertEquals(1, changesOf(key), "DatasetChanged events for a key notified twice");
        assertEquals(4L, fleet.state().dataset("rt-notify").orElseThrow().domains().get(Domain.B).count());
    }

    @Test
    void directWritesStartOneRetrainAndOneFollowUp() {
        String dataset = "rt-direct";
        JobFlowTest.uploadDataset(dataset);
        fleet.store().put("eval/rt-direct/A/held-out.png", TestSupport.png(8, 20), "image/png");
        // written straight into the bucket before there is a policy: part of the baseline, not new data
        writeDirect(dataset, Domain.B, "before-policy.png");
        given().contentType(ContentType.JSON).body(Map.of("minNewImages", 2, "iterations", 5, "chunkIterations", 5,
                        "evalPrefix", "eval/rt-direct/A/", "metric", "cycleL1"))
                .put("/datasets/{name}/retraining", dataset).then().statusCode(200)
                .body("pendingImages", equalTo(0)).body("retrains.size()", equalTo(0));
        assertEquals(1, changesOf(ObjectLayout.datasetImage(dataset, Domain.B, "before-policy.png")));

        writeDirect(dataset, Domain.A, "new-1.png");
        writeDirect(dataset, Domain.B, "new-2.png");
        TestSupport.await("the first retrain", () -> retrains(dataset).size() == 1);
        given().get("/datasets/{name}/retraining", dataset).then().statusCode(200)
                .body("pendingImages", equalTo(0)).body("retrains[0].newImages", equalTo(2))
                .body("retrains[0].jobStatus", equalTo("QUEUED"));
        assertEquals(1, changesOf(ObjectLayout.datasetImage(dataset, Domain.A, "new-1.png")));
        RetrainStarted first = retrains(dataset).get(0).started();
        JobAccepted job = TestSupport.find(Topics.EVENTS, JobAccepted.class, a -> a.jobId().equals(first.jobId()))
                .message();
        assertEquals(5, job.spec().totalIterations());

        // two triggers' worth of images while the first retrain is still queued
        writeDirect(dataset, Domain.A, "new-3.png");
        writeDirect(dataset, Domain.A, "new-4.png");
        TestSupport.await("two pending", () -> pending(dataset) == 2);
        writeDirect(dataset, Domain.B, "new-5.png");
        writeDirect(dataset, Domain.B, "new-6.png");
        TestSupport.await("four pending", () -> pending(dataset) == 4);
        sleepPasses();
        assertEquals(1, retrains(dataset).size(), "no retrain starts while one is training");

        finish(first.jobId());
        TestSupport.await("the follow-up", () -> retrains(dataset).size() == 2);
        sleepPasses();
        assertEquals(2, retrains(dataset).size(), "one follow-up for all the images that arrived meanwhile");
        assertEquals(4, retrains(dataset).get(1).started().newImages());
        assertEquals(0, pending(dataset));
        assertEquals(2, TestSupport.all(Topics.EVENTS, RetrainStarted.class).stream()
                .filter(r -> r.dataset().equals(dataset)).count());

        // a coordinator restarted now rebuilds the same retraining state and finds nothing due
        FleetState rebuilt = new FleetState(fleet.state().liveness());
        try (StateConsumer folder = new StateConsumer(KafkaSettings.stateConsumer(TestSupport.bootstrap(), "rt-rebuild"),
                rebuilt, new MessageCodec(), Duration.ofMillis(100)).start()) {
            folder.awaitReplayed(TestSupport.WAIT);
            RetrainState.DatasetRetraining after = rebuilt.retraining().dataset(dataset).orElseThrow();
            assertEquals(fleet.state().retraining().dataset(dataset).orElseThrow().retrains(), after.retrains());
            assertEquals(0, after.pendingImages());
            assertFalse(RetrainTrigger.isDue(rebuilt, after, Instant.now()), "a rebuilt state re-triggers nothing");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRetrainStartsFromThePromotedVersionsHyperParameters() {
        String dataset = "rt-from";
        JobFlowTest.uploadDataset(dataset);
        String trained = JobFlowTest.createJob(dataset, null, 10, 10);
        finish(trained);
        TestSupport.await("the trained version", () -> fleet.state().finalVersionOf(trained).isPresent());
        int version = fleet.state().finalVersionOf(trained).orElseThrow().version();
        given().contentType(ContentType.JSON).body(Map.of())
                .post("/models/{m}/versions/{v}/promote", dataset, version).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("minNewImages", 1, "iterations", 7, "chunkIterations", 7,
                "evalFraction", 0.5)).put("/datasets/{name}/retraining", dataset).then().statusCode(200);
        writeDirect(dataset, Domain.A, "new-1.png");
        TestSupport.await("the retrain", () -> retrains(dataset).size() == 1);
        RetrainStarted started = retrains(dataset).get(0).started();
        assertEquals(version, started.fromVersion());
        JobAccepted retrain = TestSupport.find(Topics.EVENTS, JobAccepted.class,
                a -> a.jobId().equals(started.jobId())).message();
        JobAccepted original = TestSupport.find(Topics.EVENTS, JobAccepted.class,
                a -> a.jobId().equals(trained)).message();
        assertEquals(7, retrain.spec().totalIterations());
        assertEquals(7, retrain.chunkIterations());
        // everything but the length is what the serving version was trained with (ngf 8, 32x32 here)
        assertEquals(original.spec().parameters().ngf(), retrain.spec().parameters().ngf());
        assertEquals(original.spec().parameters().cropSize(), retrain.spec().parameters().cropSize());
        assertEquals(original.spec().parameters().netG(), retrain.spec().parameters().netG());
    }

    @Test
    void rollbackRestoresThePreviousDefaultInOneCall() {
        given().post("/datasets/rt-roll/rollback").then().statusCode(404)
                .body("error", containsString("no previous default"));
        TranslationAndUploadTest.importModel("rt-roll-model");
        TranslationAndUploadTest.importModel("rt-roll-model");
        for (int version : new int[] {1, 2}) {
            given().contentType(ContentType.JSON).body(Map.of("dataset", "rt-roll"))
                    .post("/models/rt-roll-model/versions/{v}/promote", version).then().statusCode(200);
        }
        given().queryParam("direction", "sideways").post("/datasets/rt-roll/rollback").then().statusCode(400)
                .body("error", containsString("direction must be AtoB or BtoA"));
        given().post("/datasets/rt-roll/rollback").then().statusCode(200).body("size()", equalTo(2))
                .body("version", org.hamcrest.Matchers.everyItem(equalTo(1)));
        for (Direction d : Direction.values()) {
            assertEquals(1, fleet.state().defaultFor("rt-roll", d).orElseThrow().version());
        }
        // the one direction asked for goes forward again; the other stays
        given().queryParam("direction", "BtoA").post("/datasets/rt-roll/rollback").then().statusCode(200);
        assertEquals(2, fleet.state().defaultFor("rt-roll", Direction.B_TO_A).orElseThrow().version());
        assertEquals(1, fleet.state().defaultFor("rt-roll", Direction.A_TO_B).orElseThrow().version());
    }

    @Test
    void failingFirstRequestsRollBackAndAnInFlightRequestFinishesOnItsVersion() {
        String dataset = "rt-auto";
        TranslationAndUploadTest.importModel("rt-auto-model");
        TranslationAndUploadTest.importModel("rt-auto-model");
        for (int version : new int[] {1, 2}) {
            given().contentType(ContentType.JSON).body(Map.of("dataset", dataset))
                    .post("/models/rt-auto-model/versions/{v}/promote", version).then().statusCode(200);
        }
        // resolved to v2 at acceptance; one stays in flight across the rollback
        List<String> requests = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(translate(dataset));
        }
        for (String id : requests) {
            assertEquals(2, fleet.state().translation(id).orElseThrow().modelVersion());
        }
        String inFlight = requests.get(3);
        try (KafkaProducer<String, byte[]> worker = TestSupport.producer()) {
            TestSupport.publish(worker, new TranslationFailed(requests.get(0), "engine: NaN in the output"));
            TestSupport.publish(worker, done(requests.get(1)));
            TestSupport.publish(worker, new TranslationFailed(requests.get(2), "engine: NaN in the output"));
            TestSupport.await("the rollback", () -> fleet.state().defaultFor(dataset, Direction.A_TO_B)
                    .orElseThrow().version() == 1);
            TestSupport.publish(worker, done(inFlight));
        }
        ServingProbationEnded verdict = TestSupport.find(Topics.EVENTS, ServingProbationEnded.class,
                e -> e.dataset().equals(dataset)).message();
        assertEquals(3, verdict.requests());
        assertEquals(2, verdict.failures());
        assertEquals(1, verdict.rolledBackTo());
        // BtoA had no translations: its probation is still open and it keeps serving v2
        assertEquals(2, fleet.state().defaultFor(dataset, Direction.B_TO_A).orElseThrow().version());
        TestSupport.await("the in-flight result", () -> fleet.state().translation(inFlight).orElseThrow().status()
                == com.cyclefleet.coordinator.state.TranslationState.Status.DONE);
        assertEquals(2, fleet.state().translation(inFlight).orElseThrow().modelVersion());
        assertEquals(1, TestSupport.all(Topics.EVENTS, TranslationDone.class).stream()
                .filter(d -> d.requestId().equals(inFlight)).count());
        assertEquals(1, fleet.state().translation(translate(dataset)).orElseThrow().modelVersion(),
                "a request accepted after the rollback goes to the restored default");
        sleepPasses();
        assertEquals(1, TestSupport.all(Topics.EVENTS, ServingProbationEnded.class).stream()
                .filter(e -> e.dataset().equals(dataset)).count(), "one verdict per probation");
    }

    private static String translate(String dataset) {
        return given().contentType("image/png").body(TestSupport.png(8, 3)).queryParam("dataset", dataset)
                .queryParam("direction", "AtoB").post("/translations/async").then().statusCode(202)
                .extract().path("requestId");
    }

    private static TranslationDone done(String requestId) {
        return new TranslationDone(requestId, "rt-auto-model", ObjectLayout.translationOutput(requestId), 5, 1);
    }

    private void writeDirect(String dataset, Domain domain, String file) {
        fleet.store().put(ObjectLayout.datasetImage(dataset, domain, file), TestSupport.png(8, file.hashCode()),
                "image/png");
    }

    /** Publishes the job's JobDone as its worker would, with the bundle the coordinator copies into a version. */
    private void finish(String jobId) {
        String bundle = ObjectLayout.jobBundle(jobId);
        fleet.store().put(bundle, "bundle".getBytes(StandardCharsets.UTF_8), "application/zip");
        try (KafkaProducer<String, byte[]> worker = TestSupport.producer()) {
            TestSupport.publish(worker, new JobDone(jobId, 5, ObjectLayout.checkpoint(jobId, 5),
                    Map.of(Direction.A_TO_B, bundle, Direction.B_TO_A, bundle), bundle));
        }
    }

    /** Lets a few watcher passes run, so a second retrain that should not start would have. */
    private static void sleepPasses() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<RetrainState.Retrain> retrains(String dataset) {
        return fleet.state().retraining().dataset(dataset).map(RetrainState.DatasetRetraining::retrains)
                .orElse(List.of());
    }

    private long pending(String dataset) {
        return fleet.state().retraining().dataset(dataset).orElseThrow().pendingImages();
    }

    private static long changesOf(String key) {
        return TestSupport.all(Topics.EVENTS, DatasetChanged.class).stream().filter(c -> c.key().equals(key)).count();
    }

    /** A MinIO Kafka-target record for one created object: the S3 event structure, the key URL-encoded. */
    private byte[] minioCreated(String key) {
        String encoded = java.net.URLEncoder.encode(key, StandardCharsets.UTF_8);
        String json = "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"" + fleet.store().bucket() + "/" + key
                + "\",\"Records\":[{\"eventVersion\":\"2.0\",\"eventSource\":\"minio:s3\",\"eventName\":"
                + "\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + fleet.store().bucket()
                + "\"},\"object\":{\"key\":\"" + encoded + "\",\"size\":100}}}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
