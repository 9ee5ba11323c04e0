package com.cyclefleet.launcher;

import com.cyclefleet.protocol.scaling.ScalingPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code up --autoscale MIN..MAX}: what it accepts, and the clear refusals of what it does not. */
class AutoscaleBoundsTest {

    @Test
    void parsesMinDotDotMax() {
        assertEquals(new AutoscaleBounds(1, 2), AutoscaleBounds.parse("1..2"));
        assertEquals(new AutoscaleBounds(0, 8), AutoscaleBounds.parse(" 0..8 "));
        // training keeps its scale to zero whatever MIN says
        assertEquals(0, ScalingPolicy.TRAIN.withBounds(1, 2).minWorkers());
        assertEquals(1, ScalingPolicy.TRANSLATE.withBounds(1, 2).minWorkers());
    }

    @Test
    void refusesWhatIsNotARange() {
        for (String bad : new String[] {"2", "2..1", "0..0", "1..9", "-1..2", "a..b", "1...2", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AutoscaleBounds.parse(bad), bad);
            assertTrue(e.getMessage().contains("--autoscale"), e.getMessage());
        }
    }
}
