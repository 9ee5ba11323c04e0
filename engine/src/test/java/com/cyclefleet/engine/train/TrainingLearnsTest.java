package com.cyclefleet.engine.train;

import com.cyclefleet.formats.training.TrainingParameters;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.data.UnalignedDataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short run on a tiny synthetic dataset lowers both cycle losses; native memory stays flat while it runs. */
class TrainingLearnsTest {
    private static final int ITERATIONS = 60;
    private static final int WINDOW = 10;
    private static final long MB = 1024 * 1024;

    private static double mean(List<IterationLosses> h, int from, int to, boolean cycleA) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += cycleA ? h.get(i).cycleA() : h.get(i).cycleB();
        }
        return s / (to - from);
    }

    @Test
    void cycleLossesFallAndMemoryStaysFlat(@TempDir Path tmp) {
        UnalignedDataset ds = UnalignedDataset.open(TinyRuns.dataset(tmp.resolve("data"), 6));
        TrainingParameters cfg = TinyRuns.config(7, 1, 50);
        CycleGanTrainer t = CycleGanTrainer.create(cfg, ds);
        long[] rss = new long[ITERATIONS];
        int[] i = {0};
        t.run(ITERATIONS, null, l -> rss[i[0]++] = NativeMemory.residentBytes());
        List<IterationLosses> h = t.history();
        double startA = mean(h, 0, WINDOW, true);
        double endA = mean(h, ITERATIONS - WINDOW, ITERATIONS, true);
        double startB = mean(h, 0, WINDOW, false);
        double endB = mean(h, ITERATIONS - WINDOW, ITERATIONS, false);
        System.out.printf("cycle_A %.4f -> %.4f, cycle_B %.4f -> %.4f over %d iterations%n", startA, endA, startB,
                endB, ITERATIONS);
        assertTrue(endA < startA, "cycle_A should fall: " + startA + " -> " + endA);
        assertTrue(endB < startB, "cycle_B should fall: " + startB + " -> " + endB);
        long growth = rss[ITERATIONS - 1] - rss[WINDOW];
        System.out.printf("resident memory after %d iterations %d MB, after %d %d MB (growth %d MB)%n", WINDOW,
                rss[WINDOW] / MB, ITERATIONS, rss[ITERATIONS - 1] / MB, growth / MB);
        assertTrue(growth < 200 * MB, "resident memory grew by " + growth / MB + " MB");
    }
}
