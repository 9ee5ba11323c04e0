package com.cyclefleet.coordinator.state;

import com.cyclefleet.protocol.ScalingDecision;
import com.cyclefleet.protocol.WorkerHeartbeat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folding the autoscaler's decisions: each pool's latest size, the recent decisions newest first, bounded. */
class ScalingStateTest {

    private static final long T0 = 1_780_000_000_000L;

    @Test
    void keepsEachPoolsLatestSizeAndTheDecisionsNewestFirst() {
        ScalingState s = new ScalingState();
        s.fold(new WorkerHeartbeat("w", List.of("translate"), null, T0, 3000));
        assertTrue(s.view().decisions().isEmpty(), "a heartbeat is not a decision");
        s.fold(new ScalingDecision("translate", 1, 2, 301, "scale up", T0));
        s.fold(new ScalingDecision("train", 0, 1, 2, "scale up", T0 + 1000));
        s.fold(new ScalingDecision("translate", 2, 1, 0, "scale down", T0 + 13_000));
        ScalingState.ScalingView v = s.view();
        assertEquals(List.of("train", "translate"), v.pools().stream().map(ScalingState.PoolView::pool).toList());
        assertEquals(1, v.pools().get(1).workers());
        assertEquals(Instant.ofEpochMilli(T0 + 13_000), v.pools().get(1).decidedAt());
        assertEquals(List.of("scale down", "scale up", "scale up"),
                v.decisions().stream().map(ScalingState.DecisionView::reason).toList());
        assertEquals(301, v.decisions().get(2).lag());
    }

    @Test
    void anOlderDecisionReplayedLateDoesNotOverwriteThePoolsSize() {
        ScalingState s = new ScalingState();
        s.fold(new ScalingDecision("translate", 2, 1, 0, "scale down", T0 + 5000));
        s.fold(new ScalingDecision("translate", 1, 2, 40, "scale up", T0));
        assertEquals(1, s.view().pools().get(0).workers());
        assertEquals(2, s.view().decisions().size());
    }

    @Test
    void keepsOnlyTheMostRecentDecisions() {
        ScalingState s = new ScalingState();
        for (int i = 0; i < ScalingState.RECENT_DECISIONS + 7; i++) {
            s.fold(new ScalingDecision("translate", 1, 2, i, "d" + i, T0 + i));
        }
        List<ScalingState.DecisionView> d = s.view().decisions();
        assertEquals(ScalingState.RECENT_DECISIONS, d.size());
        assertEquals("d" + (ScalingState.RECENT_DECISIONS + 6), d.get(0).reason());
    }
}
