package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A model version became the default for translating a dataset in one direction.
 *
 * @param modelId   the model
 * @param version   the promoted version
 * @param dataset   the dataset it is the default for
 * @param direction the direction it is the default for
 */
@JsonTypeName("ModelPromoted")
public record ModelPromoted(String modelId, int version, String dataset, Direction direction) implements Event {

    public ModelPromoted {
        Require.text(modelId, "modelId");
        Require.atLeast(version, 1, "version");
        Require.text(dataset, "dataset");
        Require.present(direction, "direction");
    }

    @Override
    public String partitionKey() {
        return modelId;
    }
}
