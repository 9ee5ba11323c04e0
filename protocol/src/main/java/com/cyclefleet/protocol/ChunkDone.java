package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A worker finished a training chunk and committed its checkpoint.
 *
 * @param jobId          the job
 * @param chunkIndex     the chunk that finished
 * @param iteration      the job's iteration count after the chunk
 * @param epoch          the epoch (1-based) the last iteration belonged to
 * @param lr             learning rate in effect at the last iteration
 * @param losses         last iteration's losses by name (for example G_A, D_A, cycle_A, idt_A), in the engine's order
 * @param msPerIteration mean wall time per iteration in this chunk, in milliseconds
 * @param chunkWallMillis wall time of the whole chunk including checkpoint I/O, in milliseconds
 * @param workerId       the worker that ran it
 */
@JsonTypeName("ChunkDone")
public record ChunkDone(
        String jobId,
        int chunkIndex,
        long iteration,
        int epoch,
        double lr,
        Map<String, Double> losses,
        double msPerIteration,
        long chunkWallMillis,
        String workerId) implements Event {

    public ChunkDone {
        Require.text(jobId, "jobId");
        Require.atLeast(chunkIndex, 0, "chunkIndex");
        Require.atLeast(iteration, 0, "iteration");
        Require.text(workerId, "workerId");
        // insertion order is kept so loss columns display in the engine's order
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(Require.present(losses, "losses")));
    }

    @Override
    public String partitionKey() {
        return jobId;
    }
}
