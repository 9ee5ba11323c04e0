package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.service.JobRequestCheck;
import com.cyclefleet.protocol.TrainingParametersJson;
import com.cyclefleet.protocol.TrainingSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The hyper-parameters of the job that trained the serving version, as a job request states them: a retrain keeps
 * the architecture and losses of what it replaces and changes only the schedule the policy sets.
 */
final class HyperParametersOf {

    private HyperParametersOf() {
    }

    static JsonNode spec(TrainingSpec s) {
        ObjectNode node = TrainingParametersJson.write(s.parameters());
        node.put(JobRequestCheck.SAMPLE_EVERY, s.sampleEvery());
        return node;
    }
}
