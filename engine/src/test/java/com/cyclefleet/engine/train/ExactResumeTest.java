package com.cyclefleet.engine.train;

import com.cyclefleet.formats.training.TrainingParameters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.net.Network;
import com.cyclefleet.engine.nn.Param;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** N iterations in one go equal k, save, load into a fresh trainer, N-k more: bit for bit. */
class ExactResumeTest {
    private static final int TOTAL = 6;
    private static final int FIRST = 2;

    @Test
    void resumedRunIsBitIdentical(@TempDir Path tmp) {
        UnalignedDataset ds = UnalignedDataset.open(TinyRuns.dataset(tmp.resolve("data"), 4));
        // pool of 2 fills during the first leg, so the resumed leg exercises the random swap path
        TrainingParameters cfg = TinyRuns.config(42, 2, 2);

        CycleGanTrainer straight = CycleGanTrainer.create(cfg, ds);
        straight.run(TOTAL, null, null);

        CycleGanTrainer first = CycleGanTrainer.create(cfg, ds);
        first.run(FIRST, null, null);
        Path ckpt = tmp.resolve("k.ckpt");
        Checkpoint.save(first, ckpt);
        CycleGanTrainer resumed = Checkpoint.load(ckpt, ds);
        assertEquals(FIRST, resumed.iteration());
        resumed.run(TOTAL - FIRST, null, null);

        assertEquals(straight.iteration(), resumed.iteration());
        for (Map.Entry<String, Network> e : straight.model().networks().entrySet()) {
            Map<String, Param> other = resumed.model().networks().get(e.getKey()).parametersByKey();
            for (Param p : e.getValue().parameters()) {
                assertArrayEquals(p.value().data().asFloat(), other.get(p.key()).value().data().asFloat(),
                        e.getKey() + "/" + p.key() + " differs after resume");
            }
        }
        for (int i = 0; i < TOTAL; i++) {
            assertEquals(straight.history().get(i).byName(), resumed.history().get(i).byName(), "losses at " + i);
        }
    }
}
