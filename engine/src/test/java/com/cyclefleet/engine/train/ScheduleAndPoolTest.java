package com.cyclefleet.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.util.Rng;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ScheduleAndPoolTest {
    @Test
    void learningRateFollowsTheReferenceLinearPolicy() {
        LinearDecaySchedule s = new LinearDecaySchedule(2e-4, 100, 100);
        assertEquals(2e-4, s.learningRate(1), 1e-15);
        assertEquals(2e-4, s.learningRate(100), 1e-15);
        assertEquals(2e-4 * 100 / 101, s.learningRate(101), 1e-15);
        assertEquals(2e-4 / 101, s.learningRate(200), 1e-15);
    }

    /** --epochs 1 --epochs-decay 0: the one epoch at the base rate (the reference's lambda at epoch 0 is 1). */
    @Test
    void oneEpochWithoutDecayTrainsAtTheBaseRate() {
        LinearDecaySchedule s = new LinearDecaySchedule(2e-4, 1, 0);
        assertEquals(1, s.totalEpochs());
        assertEquals(2e-4, s.learningRate(1), 0.0);
    }

    private static INDArray image(float v) {
        return Nd4j.valueArrayOf(new long[]{1, 3, 2, 2}, v);
    }

    @Test
    void poolReturnsNewImagesUntilFullThenMixes() {
        ImagePool pool = new ImagePool(3, new Rng(1));
        for (int i = 0; i < 3; i++) {
            INDArray out = pool.query(image(i));
            assertEquals(i, out.getFloat(0), "while filling, the new image comes back");
        }
        assertEquals(3, pool.images().size());
        int fromHistory = 0;
        int queries = 400;
        Set<Float> stored = new HashSet<>();
        for (int i = 0; i < queries; i++) {
            float v = 100 + i;
            INDArray out = pool.query(image(v));
            if (out.getFloat(0) != v) {
                fromHistory++;
                boolean nowStored = pool.images().stream().anyMatch(a -> a.getFloat(0) == v);
                assertTrue(nowStored, "a returned history image is replaced by the new one");
            }
            assertEquals(3, pool.images().size());
            pool.images().forEach(a -> stored.add(a.getFloat(0)));
        }
        double share = fromHistory / (double) queries;
        assertTrue(share > 0.4 && share < 0.6, "about half the queries return history, got " + share);
    }

    @Test
    void zeroSizedPoolPassesThrough() {
        ImagePool pool = new ImagePool(0, new Rng(1));
        INDArray x = image(5);
        assertSame(x, pool.query(x));
        assertEquals(0, pool.images().size());
    }

    @Test
    void poolHandlesBatchesImageByImage() {
        ImagePool pool = new ImagePool(50, new Rng(1));
        INDArray batch = Nd4j.concat(0, image(1), image(2), image(3));
        INDArray out = pool.query(batch);
        assertEquals(3, out.size(0));
        assertEquals(3, pool.images().size());
    }
}
