package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.state.JobState;
import com.cyclefleet.protocol.RetrainDecided;
import com.cyclefleet.protocol.RetrainPolicySet;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /datasets/{name}/retraining} answers: the policy, the images pending since the last retrain, and
 * the retrains started with their jobs' status, evaluations and decisions.
 *
 * @param waitingReason why a due retrain could not start, if it has not started since (null otherwise)
 * @param lastDecision  the latest decision of the evaluation gate, with both scores and the reason; null before one
 */
public record RetrainView(String dataset, RetrainPolicySet policy, Instant policySetAt, long pendingImages,
                          Instant lastArrivalAt, List<RetrainRun> retrains, String waitingReason,
                          RetrainDecided lastDecision, Instant lastDecidedAt) {

    /**
     * One retrain: the job it runs as and where that job is, its evaluation and its decision.
     *
     * @param evaluationId     the evaluation asked for, null until the candidate exists
     * @param evaluationStatus REQUESTED, DONE or FAILED; null before the request
     * @param decision         the gate's decision, null until made
     */
    public record RetrainRun(String retrainId, String jobId, String modelId, int fromVersion, long newImages,
                             Instant startedAt, JobState.Status jobStatus, String evaluationId,
                             String evaluationStatus, RetrainDecided decision) {
    }
}
