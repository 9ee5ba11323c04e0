package com.cyclefleet.coordinator.retrain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Data arrival and retraining, under {@code cyclefleet.retrain.}; defaults in {@code application.properties}. */
@ConfigMapping(prefix = "cyclefleet.retrain")
public interface RetrainConfig {

    /**
     * How often the bucket watcher lists the datasets' prefixes and the trigger checks the policies. s3proxy (the
     * embedded default) has no bucket notifications, so this bounds how long a direct write waits to be seen.
     */
    @WithName("watch-interval")
    Duration watchInterval();

    Notifications notifications();

    Defaults defaults();

    Rollback rollback();

    /** Automatic rollback of a newly promoted version whose first translations fail too often. */
    interface Rollback {
        /** How many of its first translations a promoted version is judged on. */
        @WithName("first-requests")
        long firstRequests();

        /** Failure rate above which the previous default comes back. */
        @WithName("max-failure-rate")
        double maxFailureRate();
    }

    interface Notifications {
        /** Consume MinIO's bucket notifications (compose, k8s); the embedded s3proxy publishes none. */
        boolean enabled();

        /** The topic MinIO publishes to ({@code MINIO_NOTIFY_KAFKA_TOPIC_*}). */
        String topic();

        /** Consumer group: offsets are committed after the events are published, so a restart re-reads little. */
        String group();

        /** Poll timeout; bounds how long the consumer takes to notice a shutdown. */
        @WithName("poll-timeout")
        Duration pollTimeout();
    }

    /** What a policy that leaves a field out gets. */
    interface Defaults {
        @WithName("min-new-images")
        long minNewImages();

        @WithName("min-interval-minutes")
        long minIntervalMinutes();

        long iterations();

        @WithName("chunk-iterations")
        long chunkIterations();

        @WithName("eval-fraction")
        double evalFraction();

        String metric();

        double margin();
    }
}
