package com.cyclefleet.launcher.scale;

/**
 * A consumer group's lag on one topic, as KEDA's Kafka scaler measures it: per partition, the log-end offset minus
 * the group's committed offset (the earliest offset when the group has committed none), summed.
 *
 * @param lag               total pending offsets
 * @param partitionsWithLag partitions whose lag is above zero
 */
public record GroupLag(long lag, int partitionsWithLag) {

    public GroupLag {
        if (lag < 0 || partitionsWithLag < 0) {
            throw new IllegalArgumentException("lag and partitions must be >= 0, were " + lag + ", "
                    + partitionsWithLag);
        }
    }
}
