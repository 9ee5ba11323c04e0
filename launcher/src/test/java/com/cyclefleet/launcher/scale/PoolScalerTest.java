package com.cyclefleet.launcher.scale;

import com.cyclefleet.protocol.scaling.ScalingPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The KEDA/HPA rule on made-up lag readings: rise at once, fall only after a cooldown of low readings. */
class PoolScalerTest {

    private static final Instant T0 = Instant.parse("2026-12-03T17:00:00Z");
    private static final ScalingPolicy TRANSLATE = ScalingPolicy.TRANSLATE.withBounds(1, 3);
    private static final ScalingPolicy TRAIN = ScalingPolicy.TRAIN.withBounds(0, 2);

    @Test
    void risesAtOnceToCeilOfLagOverThresholdWithinTheBounds() {
        PoolScaler s = new PoolScaler(TRANSLATE);
        assertEquals(Optional.empty(), s.next(T0, new GroupLag(16, 1), 1), "16 pending fit one worker");
        Decision up = s.next(T0.plusSeconds(10), new GroupLag(17, 1), 1).orElseThrow();
        assertEquals(2, up.to());
        assertEquals(17, up.lag());
        assertEquals(3, new PoolScaler(TRANSLATE).next(T0, new GroupLag(10_000, 1), 1).orElseThrow().to(),
                "never above the maximum");
    }

    @Test
    void fallsOnlyOnceNoReadingOfTheCooldownAskedForMore() {
        PoolScaler s = new PoolScaler(TRANSLATE);
        s.next(T0, new GroupLag(40, 1), 1);
        Duration cooldown = TRANSLATE.cooldown();
        assertEquals(Optional.empty(), s.next(T0.plusSeconds(10), new GroupLag(0, 0), 3));
        assertEquals(Optional.empty(), s.next(T0.plus(cooldown).minusSeconds(1), new GroupLag(0, 0), 3),
                "the high reading is still inside the cooldown");
        Decision down = s.next(T0.plus(cooldown).plusSeconds(1), new GroupLag(0, 0), 3).orElseThrow();
        assertEquals(1, down.to(), "the minimum");
        assertTrue(down.reason().startsWith("scale down"), down.reason());
    }

    @Test
    void aScaleUpStandsForACooldownAfterItTookEffect() {
        PoolScaler s = new PoolScaler(TRANSLATE);
        s.next(T0, new GroupLag(0, 0), 1);
        s.next(T0.plusSeconds(1), new GroupLag(300, 1), 1);
        // the new worker took 60 s to start, and no reading was taken meanwhile
        Instant started = T0.plusSeconds(61);
        s.applied(started, 3);
        assertEquals(Optional.empty(), s.next(started.plusSeconds(1), new GroupLag(0, 0), 3));
        assertEquals(1, s.next(started.plus(TRANSLATE.cooldown()).plusSeconds(1), new GroupLag(0, 0), 3)
                .orElseThrow().to());
    }

    @Test
    void doesNotStopWorkersBeforeWatchingAWholeCooldown() {
        PoolScaler s = new PoolScaler(TRANSLATE);
        assertEquals(Optional.empty(), s.next(T0, new GroupLag(0, 0), 2));
        assertEquals(1, s.next(T0.plus(TRANSLATE.cooldown()), new GroupLag(0, 0), 2).orElseThrow().to());
    }

    @Test
    void trainingScalesToZeroAndCountsOnlyPartitionsWithLag() {
        PoolScaler s = new PoolScaler(TRAIN);
        assertEquals(Optional.empty(), s.next(T0, new GroupLag(0, 0), 0), "no job, no worker");
        // one pending chunk task and its transaction's commit marker: lag 2 on one partition
        assertEquals(1, s.next(T0.plusSeconds(15), new GroupLag(2, 1), 0).orElseThrow().to());
        assertEquals(Optional.empty(), s.next(T0.plusSeconds(30), new GroupLag(0, 0), 1));
        assertEquals(0, s.next(T0.plusSeconds(30).plus(TRAIN.cooldown()), new GroupLag(0, 0), 1).orElseThrow().to());
    }

    @Test
    void replacesAWorkerThatDiedBelowTheMinimum() {
        PoolScaler s = new PoolScaler(TRANSLATE);
        Decision d = s.next(T0, new GroupLag(0, 0), 0).orElseThrow();
        assertEquals(1, d.to());
        assertTrue(d.reason().startsWith("below the minimum"), d.reason());
    }
}
