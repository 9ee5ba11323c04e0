package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.List;

/**
 * A worker is alive. Sent at a fixed interval to {@link com.cyclefleet.protocol.topic.Topics#HEARTBEATS}, not to
 * the event topic: heartbeats say nothing about any job's history and would make the replayed history grow for ever.
 *
 * <p>{@code startedAtMillis} names the worker process (its incarnation): a worker restarted under the same id starts
 * with an empty hand, so a chunk it announced before it was restarted is not running any more even though the id
 * sends heartbeats again.
 *
 * @param workerId        the worker's unique name (as in {@link ChunkStarted#workerId()})
 * @param roles           the task kinds it consumes ({@code train}, {@code translate})
 * @param currentTask     what it is working on, for operators (e.g. {@code job j-1 chunk 3}); null when idle
 * @param startedAtMillis when this worker process started, epoch milliseconds
 * @param intervalMillis  how often it sends heartbeats, so a reader can tell a late one from a lost worker
 */
@JsonTypeName("WorkerHeartbeat")
public record WorkerHeartbeat(
        String workerId,
        List<String> roles,
        String currentTask,
        long startedAtMillis,
        long intervalMillis) implements Message {

    public WorkerHeartbeat {
        Require.text(workerId, "workerId");
        roles = List.copyOf(Require.present(roles, "roles"));
        Require.optionalText(currentTask, "currentTask");
        Require.atLeast(startedAtMillis, 0, "startedAtMillis");
        Require.atLeast(intervalMillis, 1, "intervalMillis");
    }

    @Override
    public String partitionKey() {
        return workerId;
    }
}
