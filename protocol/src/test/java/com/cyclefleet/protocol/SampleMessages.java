package com.cyclefleet.protocol;

import com.cyclefleet.formats.training.GanMode;
import com.cyclefleet.formats.training.GeneratorArchitecture;
import com.cyclefleet.formats.training.ResizeMode;
import com.cyclefleet.formats.training.TrainingParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One realistic instance of every message type, for round-trip tests. */
public final class SampleMessages {

    private SampleMessages() {
    }

    public static TrainingSpec spec() {
        return new TrainingSpec(new TrainingParameters(GeneratorArchitecture.RESNET_6BLOCKS, 64, 64, 3, GanMode.LSGAN,
                10.0, 10.0, 0.5, 50, 2e-4, 0.5, 0.999, 1e-8, 100, 100, 1, 42L, 286, 256, true, ResizeMode.BICUBIC,
                ResizeMode.NEAREST, false), 200_000L, 500);
    }

    public static DatasetRef dataset() {
        return new DatasetRef("cyclefleet", "datasets/h2z/A/", "datasets/h2z/B/");
    }

    public static EvaluatedModel candidate() {
        return new EvaluatedModel("h2z-model", 4, "models/h2z-model/v4/model.zip");
    }

    public static EvaluatedModel baseline() {
        return new EvaluatedModel("h2z-model", 3, "models/h2z-model/v3/model.zip");
    }

    public static List<Message> all() {
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put("D_A", 0.25);
        losses.put("G_A", 0.75);
        losses.put("cycle_A", 1.5);
        Map<Direction, String> generators = Map.of(
                Direction.A_TO_B, "models/m1/v1/generator-AtoB.gen",
                Direction.B_TO_A, "models/m1/v1/generator-BtoA.gen");
        return List.of(
                new TrainChunkTask("job-1", 0, 0, 100, 600, null, dataset(), spec(), null, null, null),
                new TrainChunkTask("job-1", 3, 300, 100, 600, "jobs/job-1/checkpoints/iter-00000300.ckpt",
                        dataset(), spec(), null, null, null),
                new TrainChunkTask("job-1", 4, 400, 100, 600, "jobs/job-1/checkpoints/iter-00000400.ckpt",
                        dataset(), spec(), 1, null, null),
                new TranslateTask("req-1", "m1", 2, Direction.B_TO_A, "translations/req-1/input.png",
                        "translations/req-1/output.png", 1_700_000_000_000L, null),
                new TranslateTask("batch-1.0", "m1", 2, Direction.A_TO_B, "inbox/horse-001.jpg",
                        "outbox/horse-001.png", 1_700_000_000_000L,
                        new TranslationBatch("batch-1", "inbox/", "outbox/")),
                new JobAccepted("job-1", "h2z", dataset(), spec(), 100, 600, "h2z-model", null, null),
                new ChunkStarted("job-1", 3, 300, "worker-a"),
                new ChunkDone("job-1", 3, 400, 2, 1.9e-4, losses, 812.5, 85_000, "worker-a"),
                new CheckpointWritten("job-1", 400, "jobs/job-1/checkpoints/iter-00000400.ckpt"),
                new SamplesWritten("job-1", 400, List.of("jobs/job-1/samples/iter-00000400.png")),
                new JobDone("job-1", 200_000, "jobs/job-1/checkpoints/iter-00200000.ckpt", generators,
                        "jobs/job-1/model.zip"),
                new JobFailed("job-1", "engine: NaN in G_A loss at iteration 401"),
                new JobCancelled("job-1"),
                new TranslationDone("req-1", "m1", "translations/req-1/output.png", 120, 4),
                new TranslationFailed("req-1", "model m1 v9 does not exist"),
                new DatasetChanged("h2z", Domain.B, "datasets/h2z/B/zebra-001.png", 17),
                new ModelVersionCreated("m1", 1, ModelVersionCreated.SOURCE_IMPORT, generators,
                        ModelVersionKind.IMPORT, 0, null, null),
                new ModelVersionCreated("m1", 2, "job-1", generators, ModelVersionKind.CHECKPOINT, 400, "h2z",
                        "jobs/job-1/checkpoints/iter-00000400.ckpt"),
                new ModelVersionCreated("m1", 3, "job-1", generators, ModelVersionKind.FINAL, 200_000, "h2z",
                        "jobs/job-1/model.zip"),
                new ModelPromoted("m1", 1, "h2z", Direction.A_TO_B),
                new RetrainPolicySet("h2z", true, "h2z-model", 20, 30, 200, 50, null, 0.1, EvalMetric.SSIM, 0.01),
                new RetrainPolicySet("h2z", false, "h2z-model", 1, 0, 1, 1, "datasets/h2z-test/", 0,
                        EvalMetric.CYCLE_L1, 0),
                new RetrainStarted("h2z", "retrain-1", "job-2", "h2z-model", 3, 20),
                new ServingProbationEnded("h2z", Direction.A_TO_B, "h2z-model", 4, 20, 15, 3, "h2z-model",
                        "15 of the first 20 translations failed (0.75 > 0.5)"),
                new WorkerHeartbeat("worker-a", List.of("train", "translate"), "job job-1 chunk 3",
                        1_700_000_000_000L, 3_000),
                new TrainChunkTask("job-2", 0, 0, 50, 600, null, dataset(), spec(), null,
                        new FineTuneStart("h2z-model", 3, "models/h2z-model/v3/model.zip"), new HoldOut(0.2)),
                new JobAccepted("job-2", "h2z", dataset(), spec(), 50, 600, "h2z-model",
                        new FineTuneStart("h2z-model", 3, "models/h2z-model/v3/model.zip"), new HoldOut(0.2)),
                new EvaluateTask("eval-1", "h2z", "retrain-1", dataset(), new HoldOut(0.2), EvalMetric.SSIM,
                        candidate(), baseline()),
                new EvaluateTask("eval-2", "h2z", "retrain-2", new DatasetRef("cyclefleet", "datasets/h2z-test/A/",
                        "datasets/h2z-test/B/"), null, EvalMetric.CYCLE_L1, candidate(), null),
                new EvaluationRequested("h2z", "retrain-1", "eval-1", candidate(), baseline()),
                new EvaluationDone("h2z", "retrain-1", "eval-1", 12,
                        new ModelScores("h2z-model", 4, Map.of(EvalMetric.SSIM, 0.61, EvalMetric.CYCLE_L1, 0.12)),
                        new ModelScores("h2z-model", 3, Map.of(EvalMetric.SSIM, 0.55, EvalMetric.CYCLE_L1, 0.14)),
                        "worker-a"),
                new EvaluationFailed("h2z", "retrain-2", "eval-2", "metric ssim needs pairs; no held-out pair",
                        "worker-a"),
                new RetrainDecided("h2z", "retrain-1", "h2z-model", 4, "h2z-model", 3, EvalMetric.SSIM, 0.61, 0.55,
                        0.01, true, "ssim 0.6100 beats 0.5500 by more than 0.01"),
                new RetrainDecided("h2z", "retrain-2", "h2z-model", 5, null, 0, EvalMetric.CYCLE_L1, null, null, 0,
                        false, "evaluation failed: metric ssim needs pairs"),
                new ScalingDecision("translate", 1, 2, 300, "lag 300 asks for 19 workers (threshold 16), max 2",
                        1_700_000_000_000L));
    }
}
