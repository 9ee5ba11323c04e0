package com.cyclefleet.engine.train;

import com.cyclefleet.formats.training.GanMode;
import com.cyclefleet.formats.training.GeneratorArchitecture;
import com.cyclefleet.formats.training.ResizeMode;
import com.cyclefleet.formats.training.TrainingParameters;
import com.cyclefleet.engine.data.AugmentOptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.Fixture;
import com.cyclefleet.engine.TrajectoryCheck;
import com.cyclefleet.engine.bench.NativeThreads;
import com.cyclefleet.engine.data.Batch;
import com.cyclefleet.engine.data.BatchSource;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's own 5-iteration training (trajectory-res6-ngf8) reproduced from its init/ on its data/: the order
 * of the generator and discriminator steps, the fakes the discriminators see, both Adam states from step to step,
 * the data order and the schedule, which single-step conformance cannot see.
 */
class TrajectoryConformanceTest {
    private static final Path F = Fixture.reference(Fixture.TRAJECTORY);
    private static final int ITERATIONS = 5;
    private static final int WIDTH = 8;
    private static final int SIZE = 32;
    private static final TrainingParameters REFERENCE = TrainingParameters.defaults();

    /** The fixture's options: pool 0, serial batches, no flip, load = crop, one epoch without decay. */
    static TrainingParameters fixtureOptions() {
        return new TrainingParameters(GeneratorArchitecture.RESNET_6BLOCKS, WIDTH, WIDTH, 3, GanMode.LSGAN, REFERENCE.lambdaA(),
                REFERENCE.lambdaB(), REFERENCE.lambdaIdentity(), 0, REFERENCE.lr(), REFERENCE.beta1(), REFERENCE.beta2(),
                REFERENCE.adamEps(), 1, 0, 1, 0L, SIZE, SIZE, false, ResizeMode.BICUBIC, ResizeMode.BICUBIC, true);
    }

    /** --serial-batches, --no-flip and --load-size = --crop-size as the reference reads them: A[i] with B[i]. */
    @Test
    void theFixtureOptionsFeedTheImagesInFileNameOrderUntouched() throws IOException {
        UnalignedDataset ds = UnalignedDataset.open(F.resolve("data"));
        JsonNode manifest = Json.MAPPER.readTree(F.resolve("manifest.json").toFile());
        BatchSource source = new BatchSource(ds, AugmentOptions.of(fixtureOptions()), true, 0L);
        for (int i = 0; i < ITERATIONS; i++) {
            Batch b = source.next(1);
            assertEquals(manifest.path("order_A").get(i).asText(), b.namesA().get(0));
            assertEquals(manifest.path("order_B").get(i).asText(), b.namesB().get(0));
            assertArrayEquals(ImageCodec.read(ds.a().path(i)).data(), b.a().get(0).data(), "A[" + i + "] as decoded");
            assertArrayEquals(ImageCodec.read(ds.b().path(i)).data(), b.b().get(0).data(), "B[" + i + "] as decoded");
        }
    }

    @Test
    void fiveIterationsFollowTheReferenceTrajectory(@TempDir Path tmp) {
        NativeThreads.set(1);
        CycleGanTrainer t = CycleGanTrainer.create(fixtureOptions(), UnalignedDataset.open(F.resolve("data")));
        assertEquals(List.of(), TorchWeightsFolder.load(t.model(), F.resolve("init")), "init/ has all four");
        assertEquals(ITERATIONS, t.totalIterations(), "one epoch of max(|A|, |B|) iterations");

        t.run(Long.MAX_VALUE, null, null);
        assertTrue(t.finished());
        for (IterationLosses l : t.history()) {
            assertEquals(REFERENCE.lr(), l.lr(), "constant lr through the only epoch");
        }
        TorchWeightsFolder.save(t.model().networks(), tmp);
        TrajectoryCheck.Result r = TrajectoryCheck.check(F, tmp, t.history().stream().map(IterationLosses::byName)
                .toList());
        System.out.println("trajectory " + r.line());
        assertTrue(r.ok(), r.line());
    }
}
