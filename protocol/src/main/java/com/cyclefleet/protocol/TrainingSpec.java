package com.cyclefleet.protocol;

import com.cyclefleet.formats.training.TrainingParameters;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A job's training: the engine's hyper-parameters and how long and how visibly to run them.
 *
 * <p>Written as {@code {"parameters": {...}, "totalIterations": n, "sampleEvery": k}}. Messages written before the
 * parameters were one record carried them flat beside {@code totalIterations} under their old API names
 * ({@code lambdaCycle}, {@code nearestResizeA}, ...); those still read, see {@link TrainingParametersJson}.
 *
 * @param parameters      the engine's hyper-parameters
 * @param totalIterations iterations the whole job runs; the job is done when a chunk reaches it
 * @param sampleEvery     write a sample grid every this many iterations
 */
public record TrainingSpec(TrainingParameters parameters, long totalIterations, int sampleEvery) {

    static final String PARAMETERS = "parameters";
    static final String TOTAL_ITERATIONS = "totalIterations";
    static final String SAMPLE_EVERY = "sampleEvery";

    public TrainingSpec {
        Require.present(parameters, PARAMETERS);
        Require.atLeast(totalIterations, 1, TOTAL_ITERATIONS);
        Require.atLeast(sampleEvery, 1, SAMPLE_EVERY);
    }

    /** Reads both the current shape and the flat one of the first event logs. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static TrainingSpec fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("spec must be a JSON object");
        }
        long total = Require.present(node.get(TOTAL_ITERATIONS), TOTAL_ITERATIONS).asLong();
        JsonNode every = Require.present(node.get(SAMPLE_EVERY), SAMPLE_EVERY);
        if (!node.path(TOTAL_ITERATIONS).canConvertToLong() || !every.canConvertToInt()) {
            throw new IllegalArgumentException("totalIterations and sampleEvery must be integers");
        }
        TrainingParameters parameters = node.has(PARAMETERS)
                ? TrainingParametersJson.read(node.get(PARAMETERS))
                : TrainingParametersJson.read(((ObjectNode) node.deepCopy()).without(List.of(TOTAL_ITERATIONS,
                        SAMPLE_EVERY)));
        return new TrainingSpec(parameters, total, every.asInt());
    }
}
