package com.cyclefleet.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.util.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnalignedSamplerTest {
    @Test
    void everyAIndexOncePerEpochWhenAIsTheLargerDomain() {
        UnalignedSampler s = new UnalignedSampler(7, 3, false, new Rng(11));
        List<int[]> epochs = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            int[] seen = new int[7];
            int[] order = new int[7];
            for (int i = 0; i < 7; i++) {
                IndexPair p = s.next();
                seen[p.a()]++;
                order[i] = p.a();
                assertTrue(p.b() >= 0 && p.b() < 3);
            }
            assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1}, seen);
            epochs.add(order);
        }
        assertTrue(!java.util.Arrays.equals(epochs.get(0), epochs.get(1))
                || !java.util.Arrays.equals(epochs.get(1), epochs.get(2)), "each epoch reshuffles");
    }

    @Test
    void smallerADomainWrapsAroundByModuloAndBIsUniform() {
        UnalignedSampler s = new UnalignedSampler(3, 8, false, new Rng(5));
        int[] countA = new int[3];
        int[] countB = new int[8];
        for (int i = 0; i < 8 * 200; i++) {
            IndexPair p = s.next();
            countA[p.a()]++;
            countB[p.b()]++;
        }
        // Positions 0..7 map to A as 0,1,2,0,1,2,0,1 whatever the permutation.
        assertArrayEquals(new int[] {600, 600, 400}, countA);
        for (int c : countB) {
            assertTrue(c > 120 && c < 280, "B counts " + java.util.Arrays.toString(countB));
        }
    }

    @Test
    void serialBatchesWalkBothDomainsInOrder() {
        UnalignedSampler s = new UnalignedSampler(3, 5, true, new Rng(1));
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5; i++) {
                assertEquals(new IndexPair(i % 3, i), s.next());
            }
        }
    }

    @Test
    void restoreContinuesExactly() {
        UnalignedSampler s = new UnalignedSampler(6, 4, false, new Rng(21));
        for (int i = 0; i < 9; i++) {
            s.next();
        }
        SamplerState st = s.state();
        List<IndexPair> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(s.next());
        }
        UnalignedSampler r = UnalignedSampler.restore(6, 4, false, st);
        for (IndexPair p : expected) {
            assertEquals(p, r.next());
        }
    }

    @Test
    void restoreAtTheStartAndRejectsAnotherDataset() {
        UnalignedSampler fresh = new UnalignedSampler(4, 4, false, new Rng(2));
        UnalignedSampler r = UnalignedSampler.restore(4, 4, false, fresh.state());
        assertEquals(fresh.next(), r.next());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnalignedSampler.restore(5, 4, false, fresh.state()));
        assertTrue(e.getMessage().contains("dataset changed"), e.getMessage());
        assertNotEquals(0, fresh.state().permutation().length);
    }
}
