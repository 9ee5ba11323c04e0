package com.cyclefleet.coordinator;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.kafka.KafkaSettings;
import com.cyclefleet.coordinator.kafka.StateConsumer;
import com.cyclefleet.coordinator.retrain.EvaluationGate;
import com.cyclefleet.coordinator.retrain.RetrainState;
import com.cyclefleet.coordinator.retrain.RetrainTrigger;
import com.cyclefleet.coordinator.state.FleetState;
import com.cyclefleet.protocol.DatasetRef;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.protocol.EvalMetric;
import com.cyclefleet.protocol.EvaluateTask;
import com.cyclefleet.protocol.EvaluatedModel;
import com.cyclefleet.protocol.EvaluationDone;
import com.cyclefleet.protocol.EvaluationFailed;
import com.cyclefleet.protocol.EvaluationRequested;
import com.cyclefleet.protocol.FineTuneStart;
import com.cyclefleet.protocol.HoldOut;
import com.cyclefleet.protocol.JobAccepted;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.ModelPromoted;
import com.cyclefleet.protocol.ModelScores;
import com.cyclefleet.protocol.RetrainDecided;
import com.cyclefleet.protocol.RetrainStarted;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.codec.MessageCodec;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectLayout;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's side of the evaluation gate against the real broker and S3 server: a retrain fine-tunes from the
 * serving version and holds the evaluation images out, its candidate is evaluated once, a candidate that wins by the
 * margin is promoted in the decision's transaction, one that does not is rejected with both scores while serving
 * stays, and a coordinator state rebuilt from the topics at each step neither repeats a step nor loses one. No worker
 * runs here: the test publishes JobDone and EvaluationDone (or EvaluationFailed) as a worker would.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetTestResource.class, restrictToAnnotatedClass = false)
class EvaluationGateTest {

    private static final String WORKER = "gate-test-worker";

    @Inject
    Fleet fleet;

    @Test
    void aBetterCandidateIsPromotedAndAWorseOneRejectedWhileServingStays() {
        String dataset = "rg-gate";
        JobFlowTest.uploadDataset(dataset);
        String trained = JobFlowTest.createJob(dataset, null, 10, 10);
        finish(trained, 10);
        TestSupport.await("v1", () -> fleet.state().finalVersionOf(trained).isPresent());
        int v1 = fleet.state().finalVersionOf(trained).orElseThrow().version();
        given().contentType(ContentType.JSON).body(Map.of())
                .post("/models/{m}/versions/{v}/promote", dataset, v1).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("minNewImages", 1, "iterations", 3, "chunkIterations", 3,
                "evalFraction", 0.5, "metric", "ssim", "margin", 0.05))
                .put("/datasets/{name}/retraining", dataset).then().statusCode(200);

        writeDirect(dataset, Domain.A, "new-1.png");
        RetrainStarted first = awaitRetrain(dataset, 1);
        // the job starts from v1's job's final checkpoint (all four networks) and keeps the evaluation images out
        FineTuneStart fromV1 = new FineTuneStart(dataset, v1, ObjectLayout.checkpoint(trained, 10));
        JobAccepted accepted = TestSupport.find(Topics.EVENTS, JobAccepted.class,
                a -> a.jobId().equals(first.jobId())).message();
        assertEquals(fromV1, accepted.fineTune());
        assertEquals(new HoldOut(0.5), accepted.holdOut());
        TrainChunkTask chunk = TestSupport.find(Topics.TRAIN_TASKS, TrainChunkTask.class,
                t -> t.jobId().equals(first.jobId())).message();
        assertEquals(fromV1, chunk.fineTune());
        assertEquals(new HoldOut(0.5), chunk.holdOut());
        assertEquals(fromV1, fleet.state().job(first.jobId()).orElseThrow().fineTune());

        finish(first.jobId(), 3);
        EvaluateTask task = awaitEvaluateTask(dataset, first.retrainId());
        int v2 = fleet.state().finalVersionOf(first.jobId()).orElseThrow().version();
        assertEquals(new EvaluatedModel(dataset, v2, ObjectLayout.modelArtifact(dataset, v2)), task.candidate());
        assertEquals(new EvaluatedModel(dataset, v1, ObjectLayout.modelArtifact(dataset, v1)), task.baseline());
        assertEquals(new HoldOut(0.5), task.holdOut());
        assertEquals(EvalMetric.SSIM, task.metric());
        assertEquals(fleet.state().job(first.jobId()).orElseThrow().datasetRef(), task.images());

        // a redelivered task answers twice: the first answer is decided on, once
        EvaluationDone better = scored(task, 0.81, 0.60);
        publish(better, better);
        RetrainDecided promoted = awaitDecision(dataset, first.retrainId());
        assertTrue(promoted.promoted(), promoted.reason());
        for (Direction d : Direction.values()) {
            assertEquals(v2, fleet.state().defaultFor(dataset, d).orElseThrow().version());
        }
        given().get("/models/{m}/versions/{v}", dataset, v2).then().statusCode(200)
                .body("scores.ssim", equalTo(0.81f)).body("decision.promoted", equalTo(true));
        given().get("/datasets/{name}/retraining", dataset).then().statusCode(200)
                .body("lastDecision.promoted", equalTo(true))
                .body("lastDecision.candidateScore", equalTo(0.81f))
                .body("lastDecision.baselineScore", equalTo(0.60f))
                .body("retrains[0].evaluationStatus", equalTo("DONE"));

        // the next retrain starts from v2 and is worse than it by the margin's measure: rejected, v2 keeps serving
        writeDirect(dataset, Domain.B, "new-2.png");
        RetrainStarted second = awaitRetrain(dataset, 2);
        assertEquals(v2, second.fromVersion());
        assertEquals(new FineTuneStart(dataset, v2, ObjectLayout.checkpoint(first.jobId(), 3)),
                TestSupport.find(Topics.EVENTS, JobAccepted.class, a -> a.jobId().equals(second.jobId()))
                        .message().fineTune());
        finish(second.jobId(), 3);
        EvaluateTask again = awaitEvaluateTask(dataset, second.retrainId());
        int v3 = again.candidate().version();
        assertEquals(v2, again.baseline().version());
        publish(scored(again, 0.62, 0.60));
        RetrainDecided rejected = awaitDecision(dataset, second.retrainId());
        assertFalse(rejected.promoted());
        assertEquals(0.62, rejected.candidateScore());
        assertEquals(0.60, rejected.baselineScore());
        assertTrue(rejected.reason().contains("0.6200") && rejected.reason().contains("0.6000")
                && rejected.reason().contains("margin 0.0500"), rejected.reason());
        for (Direction d : Direction.values()) {
            assertEquals(v2, fleet.state().defaultFor(dataset, d).orElseThrow().version());
        }
        given().get("/models/{m}/versions/{v}", dataset, v3).then().statusCode(200)
                .body("decision.promoted", equalTo(false)).body("decision.reason", containsString("not more than"));
        given().get("/datasets/{name}/retraining", dataset).then().statusCode(200)
                .body("lastDecision.promoted", equalTo(false)).body("lastDecision.candidateVersion", equalTo(v3));

        sleepPasses();
        assertEquals(2, count(RetrainStarted.class, r -> r.dataset().equals(dataset)), "no third retrain");
        assertEquals(2, count(EvaluationRequested.class, r -> r.dataset().equals(dataset)));
        assertEquals(2, count(RetrainDecided.class, r -> r.dataset().equals(dataset)), "one decision per retrain");
        assertEquals(1, count(ModelPromoted.class, p -> p.dataset().equals(dataset) && p.version() == v2
                && p.direction() == Direction.A_TO_B), "v2 promoted once, by its decision");
    }

    @Test
    void aRestartedCoordinatorNeitherRepeatsNorLosesAStep() {
        String dataset = "rg-restart";
        JobFlowTest.uploadDataset(dataset);
        for (Domain d : Domain.values()) {
            fleet.store().put("eval/rg-restart/" + d.name() + "/held.png", TestSupport.png(8, 30), "image/png");
        }
        given().contentType(ContentType.JSON).body(Map.of("minNewImages", 1, "iterations", 3, "chunkIterations", 3,
                "evalPrefix", "eval/rg-restart/", "metric", "cycleL1", "margin", 0.01))
                .put("/datasets/{name}/retraining", dataset).then().statusCode(200);
        writeDirect(dataset, Domain.A, "new-1.png");
        RetrainStarted first = awaitRetrain(dataset, 1);
        // nothing serves the dataset: an ordinary training from scratch, nothing held out of an evaluation prefix
        JobAccepted accepted = TestSupport.find(Topics.EVENTS, JobAccepted.class,
                a -> a.jobId().equals(first.jobId())).message();
        assertNull(accepted.fineTune());
        assertNull(accepted.holdOut());

        // restarted between the trigger and the candidate: no second retrain, nothing to evaluate yet
        rebuilt(dataset, (state, d) -> {
            assertEquals(1, d.retrains().size());
            assertFalse(RetrainTrigger.isDue(state, d, Instant.now()));
            assertEquals(List.of(), EvaluationGate.due(state, fleet.store().bucket()));
        });

        finish(first.jobId(), 3);
        EvaluateTask task = awaitEvaluateTask(dataset, first.retrainId());
        assertNull(task.baseline());
        assertNull(task.holdOut());
        assertEquals(new DatasetRef(fleet.store().bucket(), "eval/rg-restart/A/", "eval/rg-restart/B/"), task.images());
        // restarted with the evaluation pending: it is not asked for again
        rebuilt(dataset, (state, d) -> {
            assertEquals(task.evaluationId(), d.retrains().get(0).evaluation().evaluationId());
            assertEquals(List.of(), EvaluationGate.due(state, fleet.store().bucket()));
        });

        // with no version serving, the first candidate is promoted whatever its score
        publish(new EvaluationDone(dataset, first.retrainId(), task.evaluationId(), 1,
                new ModelScores(dataset, task.candidate().version(), Map.of(EvalMetric.CYCLE_L1, 0.4)), null, WORKER));
        RetrainDecided decided = awaitDecision(dataset, first.retrainId());
        assertTrue(decided.promoted(), decided.reason());
        assertNull(decided.baselineModelId());
        // restarted after the decision: the decision is intact and nothing is decided again
        rebuilt(dataset, (state, d) -> {
            assertEquals(decided, d.retrains().get(0).decision());
            assertEquals(task.candidate().version(),
                    state.defaultFor(dataset, Direction.B_TO_A).orElseThrow().version());
            assertEquals(List.of(), EvaluationGate.due(state, fleet.store().bucket()));
            assertFalse(RetrainTrigger.isDue(state, d, Instant.now()));
        });

        // an evaluation that fails rejects its candidate with the worker's reason; serving stays
        writeDirect(dataset, Domain.B, "new-2.png");
        RetrainStarted second = awaitRetrain(dataset, 2);
        finish(second.jobId(), 3);
        EvaluateTask failing = awaitEvaluateTask(dataset, second.retrainId());
        assertEquals(task.candidate(), failing.baseline());
        publish(new EvaluationFailed(dataset, second.retrainId(), failing.evaluationId(),
                "no held-out image decodes", WORKER));
        RetrainDecided rejected = awaitDecision(dataset, second.retrainId());
        assertFalse(rejected.promoted());
        assertNull(rejected.candidateScore());
        assertTrue(rejected.reason().contains("no held-out image decodes"), rejected.reason());
        assertEquals(task.candidate().version(),
                fleet.state().defaultFor(dataset, Direction.A_TO_B).orElseThrow().version());
        assertEquals(1, count(RetrainDecided.class, r -> r.retrainId().equals(second.retrainId())
                && r.dataset().equals(dataset)));
    }

    private void rebuilt(String dataset, java.util.function.BiConsumer<FleetState, RetrainState.DatasetRetraining>
            check) {
        FleetState state = new FleetState(fleet.state().liveness());
        try (StateConsumer folder = new StateConsumer(KafkaSettings.stateConsumer(TestSupport.bootstrap(),
                "rg-rebuild-" + System.nanoTime()), state, new MessageCodec(), Duration.ofMillis(100)).start()) {
            folder.awaitReplayed(TestSupport.WAIT);
            check.accept(state, state.retraining().dataset(dataset).orElseThrow());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static EvaluationDone scored(EvaluateTask task, double candidate, double baseline) {
        return new EvaluationDone(task.dataset(), task.retrainId(), task.evaluationId(), 2,
                new ModelScores(task.candidate().modelId(), task.candidate().version(),
                        Map.of(EvalMetric.SSIM, candidate, EvalMetric.PSNR, 20.0)),
                new ModelScores(task.baseline().modelId(), task.baseline().version(),
                        Map.of(EvalMetric.SSIM, baseline, EvalMetric.PSNR, 19.0)), WORKER);
    }

    private static void publish(Message... messages) {
        try (KafkaProducer<String, byte[]> worker = TestSupport.producer()) {
            for (Message m : messages) {
                TestSupport.publish(worker, m);
            }
        }
    }

    private RetrainStarted awaitRetrain(String dataset, int n) {
        TestSupport.await("retrain " + n + " of " + dataset, () -> retrains(dataset).size() >= n);
        return retrains(dataset).get(n - 1).started();
    }

    private EvaluateTask awaitEvaluateTask(String dataset, String retrainId) {
        TestSupport.await("the evaluation of " + retrainId, () -> retrain(dataset, retrainId).evaluation() != null);
        return TestSupport.find(Topics.TRAIN_TASKS, EvaluateTask.class,
                t -> t.dataset().equals(dataset) && t.retrainId().equals(retrainId)).message();
    }

    private RetrainDecided awaitDecision(String dataset, String retrainId) {
        TestSupport.await("the decision on " + retrainId, () -> retrain(dataset, retrainId).decision() != null);
        return retrain(dataset, retrainId).decision();
    }

    private RetrainState.Retrain retrain(String dataset, String retrainId) {
        return retrains(dataset).stream().filter(r -> r.started().retrainId().equals(retrainId)).findFirst()
                .orElseThrow();
    }

    private List<RetrainState.Retrain> retrains(String dataset) {
        return fleet.state().retraining().dataset(dataset).map(RetrainState.DatasetRetraining::retrains)
                .orElse(List.of());
    }

    private static <T extends Message> long count(Class<T> type, java.util.function.Predicate<T> match) {
        return TestSupport.all(Topics.EVENTS, type).stream().filter(match).count();
    }

    private void writeDirect(String dataset, Domain domain, String file) {
        fleet.store().put(ObjectLayout.datasetImage(dataset, domain, file), TestSupport.png(8, file.hashCode()),
                "image/png");
    }

    /** Publishes the job's JobDone as its worker would, after writing the bundle and final checkpoint it names. */
    private void finish(String jobId, long iterations) {
        String bundle = ObjectLayout.jobBundle(jobId);
        String checkpoint = ObjectLayout.checkpoint(jobId, iterations);
        byte[] bytes = "weights".getBytes(StandardCharsets.UTF_8);
        fleet.store().put(bundle, bytes, "application/zip");
        fleet.store().put(checkpoint, bytes, "application/zip");
        publish(new JobDone(jobId, iterations, checkpoint,
                Map.of(Direction.A_TO_B, bundle, Direction.B_TO_A, bundle), bundle));
    }

    /** Lets a few retrain passes run, so a step that should not repeat would have. */
    private static void sleepPasses() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
