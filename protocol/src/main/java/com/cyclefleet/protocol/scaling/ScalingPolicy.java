package com.cyclefleet.protocol.scaling;

import com.cyclefleet.protocol.topic.Topics;

import java.time.Duration;
import java.util.List;

/**
 * The one statement of how the worker pools scale on consumer lag, applied by {@code cyclefleet up --autoscale} and
 * declared by the KEDA ScaledObjects in {@code k8s/base/keda.yaml} (deploy-checks fails when the two differ).
 *
 * <p>The rule is KEDA's Kafka scaler with the HPA behind it: desired workers = ceil(lag / lagThreshold), within
 * [min, max]; a rise applies at once, a fall only once every desired count seen over the last {@code cooldown} is
 * below the current one (the HPA's scale-down stabilization window; KEDA's cooldownPeriod for the last step to zero).
 *
 * @param pool            the pool's name in decisions and logs ({@code translate}, {@code train})
 * @param role            the worker role the pool runs ({@code CYCLEFLEET_WORKER_ROLES})
 * @param topic           the task topic whose lag is measured
 * @param group           the consumer group whose committed offsets are measured
 * @param minWorkers      fewest workers (0: the pool scales to zero when there is no lag)
 * @param maxWorkers      most workers; never more than the topic's partitions, as more would sit idle
 * @param lagThreshold    pending records per worker
 * @param pollingInterval how often the lag is read
 * @param cooldown        how long the lag must have asked for fewer workers before a worker is stopped
 * @param limitToPartitionsWithLag never more workers than partitions with lag (KEDA's
 *                        {@code limitToPartitionsWithLag}): lag counts offsets, and a record published in its own
 *                        transaction is followed by a commit marker, so one pending chunk shows as lag 2
 */
public record ScalingPolicy(String pool, String role, String topic, String group, int minWorkers, int maxWorkers,
                            long lagThreshold, Duration pollingInterval, Duration cooldown,
                            boolean limitToPartitionsWithLag) {

    /**
     * Translation: one warm worker always (model cache, JIT); one more per 16 pending requests, the worker's most
     * images per batch, so each worker has a full batch waiting.
     */
    public static final ScalingPolicy TRANSLATE = new ScalingPolicy("translate", "translate", Topics.TRANSLATE_TASKS,
            Topics.TRANSLATE_WORKERS_GROUP, 1, Topics.TRANSLATE_TASK_PARTITIONS, 16, Duration.ofSeconds(10),
            Duration.ofSeconds(120), false);

    /**
     * Training: none when no job runs. A job has at most one pending chunk, and a running chunk stays uncommitted
     * (it counts as lag), so threshold 1 is one worker per running job. The cooldown is the default chunk length
     * (600 s): a worker stopped mid-chunk checkpoints at its next iteration, but scaling down faster than a chunk
     * would trade a warm worker for a cold start on the next chunk.
     */
    public static final ScalingPolicy TRAIN = new ScalingPolicy("train", "train", Topics.TRAIN_TASKS,
            Topics.TRAIN_WORKERS_GROUP, 0, Topics.TRAIN_TASK_PARTITIONS, 1, Duration.ofSeconds(15),
            Duration.ofSeconds(600), true);

    public ScalingPolicy {
        if (pool == null || pool.isBlank() || role == null || role.isBlank() || topic == null || group == null) {
            throw new IllegalArgumentException("pool, role, topic and group are required");
        }
        if (minWorkers < 0 || maxWorkers < Math.max(1, minWorkers)) {
            throw new IllegalArgumentException(pool + ": need 0 <= min <= max and max >= 1, was " + minWorkers + ".."
                    + maxWorkers);
        }
        if (lagThreshold < 1) {
            throw new IllegalArgumentException(pool + ": lagThreshold must be >= 1, was " + lagThreshold);
        }
        if (pollingInterval == null || pollingInterval.isNegative() || pollingInterval.isZero()
                || cooldown == null || cooldown.isNegative()) {
            throw new IllegalArgumentException(pool + ": pollingInterval must be > 0 and cooldown >= 0");
        }
    }

    /** Both pools, as {@code up --autoscale} runs them. */
    public static List<ScalingPolicy> defaults() {
        return List.of(TRANSLATE, TRAIN);
    }

    /**
     * Workers the lag asks for, before the cooldown: ceil(lag / threshold), at most the partitions with lag when
     * {@link #limitToPartitionsWithLag}, within [min, max].
     */
    public int desired(long lag, int partitionsWithLag) {
        long wanted = lag <= 0 ? 0 : (lag + lagThreshold - 1) / lagThreshold;
        if (limitToPartitionsWithLag) {
            wanted = Math.min(wanted, partitionsWithLag);
        }
        return (int) Math.max(minWorkers, Math.min(maxWorkers, wanted));
    }

    /** The same policy with other bounds ({@code --autoscale MIN..MAX}); the pool's own minimum of 0 is kept. */
    public ScalingPolicy withBounds(int min, int max) {
        return new ScalingPolicy(pool, role, topic, group, minWorkers == 0 ? 0 : min, max, lagThreshold,
                pollingInterval, cooldown, limitToPartitionsWithLag);
    }

    /** The same policy polled and cooled down on other timings (tests, demos). */
    public ScalingPolicy withTimings(Duration polling, Duration cooldownPeriod) {
        return new ScalingPolicy(pool, role, topic, group, minWorkers, maxWorkers, lagThreshold, polling,
                cooldownPeriod, limitToPartitionsWithLag);
    }
}
