package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.state.JobState;
import com.cyclefleet.protocol.RetrainPolicySet;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /datasets/{name}/retraining} answers: the policy, the images pending since the last retrain, and
 * the retrains started with their jobs' status.
 *
 * @param waitingReason why a due retrain could not start, if it has not started since (null otherwise)
 */
public record RetrainView(String dataset, RetrainPolicySet policy, Instant policySetAt, long pendingImages,
                          Instant lastArrivalAt, List<RetrainRun> retrains, String waitingReason) {

    /** One retrain: the job it runs as and where that job is. */
    public record RetrainRun(String retrainId, String jobId, String modelId, int fromVersion, long newImages,
                             Instant startedAt, JobState.Status jobStatus) {
    }
}
