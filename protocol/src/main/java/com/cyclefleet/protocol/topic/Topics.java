package com.cyclefleet.protocol.topic;

import com.cyclefleet.protocol.EvaluateTask;
import com.cyclefleet.protocol.Event;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.ScalingDecision;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.WorkerHeartbeat;

import java.util.List;
import java.util.Map;

/**
 * The one source of truth for CycleFleet's Kafka layout: topic names, partition counts, topic configs, record keys
 * and consumer groups. Deploy manifests are checked against {@link #all()} and {@link #consumerGroups()}.
 *
 * <p>Key rule (see {@link Message#partitionKey()}): train chunk tasks are keyed by job id, so one job's chunks are
 * strictly ordered; translation tasks by model id, so a model's requests reach the same worker together and are
 * translated as one batch; events by the job id or request id they are about (dataset events by dataset name,
 * model events by model id), so each entity's history is ordered.
 */
public final class Topics {

    public static final String TRAIN_TASKS = "cyclefleet.train-tasks";
    public static final String TRANSLATE_TASKS = "cyclefleet.translate-tasks";
    public static final String EVENTS = "cyclefleet.events";
    public static final String DEAD_LETTER = "cyclefleet.dead-letter";
    public static final String HEARTBEATS = "cyclefleet.heartbeats";
    /**
     * Where MinIO (compose, k8s) publishes raw S3 bucket events. Not a fleet topic: its records are MinIO's JSON, not
     * our envelopes, and the deploy files create it beside {@link #all()}. The coordinator turns them into
     * DatasetChanged events.
     */
    public static final String BUCKET_NOTIFICATIONS = "cyclefleet.bucket-notifications";

    /** Upper bound on train workers that get work at the same time. */
    public static final int TRAIN_TASK_PARTITIONS = 8;
    /** Upper bound on translate workers that get work at the same time. */
    public static final int TRANSLATE_TASK_PARTITIONS = 8;
    /** Only the coordinator consumes events; a few partitions keep per-entity order without a hot spot. */
    public static final int EVENT_PARTITIONS = 4;
    /** Dead letters are rare and read by humans; one partition keeps them in arrival order. */
    public static final int DEAD_LETTER_PARTITIONS = 1;
    /** A heartbeat every few seconds per worker is little traffic; one partition is plenty. */
    public static final int HEARTBEAT_PARTITIONS = 1;

    /**
     * Topic config of the heartbeats: only the latest heartbeat of each worker matters, and the coordinator replays
     * the topic at start, so an hour keeps the replay short while covering any liveness timeout. Retention deletes
     * whole segments, and a segment rolls after 7 days by default: 10-minute segments make the hour hold.
     */
    public static final Map<String, String> KEEP_AN_HOUR = Map.of("retention.ms", "3600000", "segment.ms", "600000",
            "cleanup.policy", "delete");

    /** Topic config: the coordinator rebuilds its state from the whole event history, so events never expire. */
    public static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1", "cleanup.policy", "delete");

    public static final String TRAIN_WORKERS_GROUP = "cyclefleet-train-workers";
    public static final String TRANSLATE_WORKERS_GROUP = "cyclefleet-translate-workers";
    public static final String COORDINATOR_GROUP = "cyclefleet-coordinator";

    /** Header on a dead-letter record: why it could not be processed (UTF-8). */
    public static final String DEAD_LETTER_REASON_HEADER = "cyclefleet.dead-letter.reason";
    /** Header on a dead-letter record: the topic the record was consumed from (UTF-8). */
    public static final String DEAD_LETTER_SOURCE_TOPIC_HEADER = "cyclefleet.dead-letter.source-topic";

    private static final List<TopicSpec> ALL = List.of(
            new TopicSpec(TRAIN_TASKS, TRAIN_TASK_PARTITIONS, Map.of(), "jobId, or evaluationId"),
            new TopicSpec(TRANSLATE_TASKS, TRANSLATE_TASK_PARTITIONS, Map.of(), "modelId"),
            new TopicSpec(EVENTS, EVENT_PARTITIONS, KEEP_FOREVER, "jobId, requestId, dataset or modelId"),
            new TopicSpec(DEAD_LETTER, DEAD_LETTER_PARTITIONS, Map.of(), "the original record's key"),
            new TopicSpec(HEARTBEATS, HEARTBEAT_PARTITIONS, KEEP_AN_HOUR, "workerId, or the pool of a ScalingDecision"));

    private static final List<String> CONSUMER_GROUPS =
            List.of(TRAIN_WORKERS_GROUP, TRANSLATE_WORKERS_GROUP, COORDINATOR_GROUP);

    private Topics() {
    }

    /** Every topic CycleFleet uses, in a stable order. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** Every consumer group CycleFleet uses. */
    public static List<String> consumerGroups() {
        return CONSUMER_GROUPS;
    }

    /** The topic a message is published to. */
    public static String topicFor(Message message) {
        if (message instanceof TrainChunkTask || message instanceof EvaluateTask) {
            // an evaluation needs what a train worker has: the dataset cache and a whole core for a while
            return TRAIN_TASKS;
        }
        if (message instanceof TranslateTask) {
            return TRANSLATE_TASKS;
        }
        if (message instanceof Event) {
            return EVENTS;
        }
        if (message instanceof WorkerHeartbeat || message instanceof ScalingDecision) {
            // both describe the fleet now rather than any job's history: they expire with the heartbeats' hour
            return HEARTBEATS;
        }
        throw new IllegalArgumentException("no topic for " + message.getClass().getName());
    }

    /** The record key a message is published with. */
    public static String keyFor(Message message) {
        return message.partitionKey();
    }
}
