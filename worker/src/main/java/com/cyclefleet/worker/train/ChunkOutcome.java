package com.cyclefleet.worker.train;

import com.cyclefleet.protocol.Message;

import java.util.List;

/**
 * What a train chunk leads to. Everything but {@link Retry} and {@link Stopped} is published (possibly nothing) in one transaction with
 * the consumed task's offset.
 */
public sealed interface ChunkOutcome {

    /** Messages to publish: the chunk's events and either the next chunk task or the job's end. */
    List<Message> messages();

    /** The chunk ran; {@code jobComplete} when it ended the job. */
    record Trained(List<Message> messages, long iteration, boolean jobComplete) implements ChunkOutcome {
    }

    /** The job is cancelled: nothing to do, nothing to publish. */
    record Skipped(String reason) implements ChunkOutcome {
        @Override
        public List<Message> messages() {
            return List.of();
        }
    }

    /** The chunk failed for good (engine or data error): a JobFailed event, no next chunk. */
    record Failed(List<Message> messages, String reason) implements ChunkOutcome {
    }

    /**
     * The worker is stopping and the chunk ended before its first iteration: nothing to publish or commit; the next
     * owner of the task runs the chunk.
     */
    record Stopped(String reason) implements ChunkOutcome {
        @Override
        public List<Message> messages() {
            return List.of();
        }
    }

    /**
     * A transient failure (object store unreachable or unavailable): commit nothing and consume the task again after
     * a pause.
     */
    record Retry(String reason) implements ChunkOutcome {
        @Override
        public List<Message> messages() {
            return List.of();
        }
    }
}
