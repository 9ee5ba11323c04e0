package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A newly promoted version's first translations were counted and judged: it keeps serving, or the previous default
 * comes back. Published with the rollback's {@link ModelPromoted} in one transaction, so the two are seen together.
 *
 * @param dataset         the dataset it serves
 * @param direction       the direction it serves
 * @param modelId         the version on probation
 * @param version         its version number
 * @param requests        translations of it counted
 * @param failures        how many of them failed
 * @param rolledBackTo    the version restored, or 0 when the version passed
 * @param rolledBackModel the model restored, or null when the version passed
 * @param reason          why, in words
 */
@JsonTypeName("ServingProbationEnded")
public record ServingProbationEnded(
        String dataset,
        Direction direction,
        String modelId,
        int version,
        long requests,
        long failures,
        int rolledBackTo,
        String rolledBackModel,
        String reason) implements Event {

    public ServingProbationEnded {
        Require.text(dataset, "dataset");
        Require.present(direction, "direction");
        Require.text(modelId, "modelId");
        Require.atLeast(version, 1, "version");
        Require.atLeast(requests, 0, "requests");
        Require.atLeast(failures, 0, "failures");
        if (failures > requests) {
            throw new IllegalArgumentException("failures (" + failures + ") exceed requests (" + requests + ")");
        }
        Require.atLeast(rolledBackTo, 0, "rolledBackTo");
        Require.optionalText(rolledBackModel, "rolledBackModel");
        if ((rolledBackTo == 0) != (rolledBackModel == null)) {
            throw new IllegalArgumentException("rolledBackTo and rolledBackModel go together");
        }
        Require.text(reason, "reason");
    }

    /** True when the previous default was restored. */
    public boolean rolledBack() {
        return rolledBackModel != null;
    }

    @Override
    public String partitionKey() {
        return dataset;
    }
}
