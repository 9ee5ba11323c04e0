package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * The autoscaler changed a worker pool's size, with the lag that made it. Sent to
 * {@link com.cyclefleet.protocol.topic.Topics#HEARTBEATS}, beside the workers' heartbeats: like them it describes the
 * fleet now, not any job's history, and expires with that topic's hour of retention.
 *
 * @param pool       the pool ({@code translate}, {@code train}; see {@code ScalingPolicy#pool})
 * @param fromWorkers workers before the decision
 * @param toWorkers  workers after it
 * @param lag        the consumer-group lag (pending records) the decision was made on
 * @param reason     why, for operators (e.g. {@code lag 300 > 1 x 16})
 * @param atMillis   when it was decided, epoch milliseconds
 */
@JsonTypeName("ScalingDecision")
public record ScalingDecision(String pool, int fromWorkers, int toWorkers, long lag, String reason, long atMillis)
        implements Message {

    public ScalingDecision {
        Require.text(pool, "pool");
        Require.atLeast(fromWorkers, 0, "fromWorkers");
        Require.atLeast(toWorkers, 0, "toWorkers");
        Require.atLeast(lag, 0, "lag");
        Require.text(reason, "reason");
        Require.atLeast(atMillis, 0, "atMillis");
    }

    @Override
    public String partitionKey() {
        return pool;
    }
}
