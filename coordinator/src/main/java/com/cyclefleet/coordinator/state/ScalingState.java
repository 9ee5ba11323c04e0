package com.cyclefleet.coordinator.state;

import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.ScalingDecision;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The autoscaler's decisions as the fleet view shows them: each pool's size after its latest decision, and the most
 * recent decisions, newest first. Folded from {@link ScalingDecision}s on the heartbeat topic, whose hour of
 * retention bounds what a restarted coordinator can show.
 */
public final class ScalingState {

    /** Enough to see a burst's rise and fall on the dashboard; older decisions are in the autoscaler's output. */
    static final int RECENT_DECISIONS = 50;

    /** One decision. */
    public record DecisionView(String pool, int fromWorkers, int toWorkers, long lag, String reason, Instant at) {
    }

    /** A pool: its size after its latest decision, and when that was. */
    public record PoolView(String pool, int workers, long lag, Instant decidedAt) {
    }

    /** What {@code GET /fleet/scaling} answers; empty lists when no autoscaler runs. */
    public record ScalingView(List<PoolView> pools, List<DecisionView> decisions) {
    }

    private final Map<String, PoolView> pools = new TreeMap<>();
    private final Deque<DecisionView> recent = new ArrayDeque<>();

    /** Applies a record if it is a scaling decision; any other message is none of this state's business. */
    public synchronized void fold(Message message) {
        if (!(message instanceof ScalingDecision d)) {
            return;
        }
        Instant at = Instant.ofEpochMilli(d.atMillis());
        PoolView before = pools.get(d.pool());
        // one partition keeps decisions in order; the check guards a replay that mixes two autoscalers' runs
        if (before == null || !at.isBefore(before.decidedAt())) {
            pools.put(d.pool(), new PoolView(d.pool(), d.toWorkers(), d.lag(), at));
        }
        recent.addFirst(new DecisionView(d.pool(), d.fromWorkers(), d.toWorkers(), d.lag(), d.reason(), at));
        while (recent.size() > RECENT_DECISIONS) {
            recent.removeLast();
        }
    }

    public synchronized ScalingView view() {
        return new ScalingView(List.copyOf(pools.values()), List.copyOf(new ArrayList<>(recent)));
    }
}
