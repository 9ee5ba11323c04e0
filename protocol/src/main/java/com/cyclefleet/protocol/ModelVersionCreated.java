package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Map;

/**
 * A new version of a model can serve translations.
 *
 * @param modelId       the model
 * @param version       the new version (1-based)
 * @param source        the job that trained it, or {@link #SOURCE_IMPORT} for imported reference weights
 * @param generatorKeys object key of each generator
 */
@JsonTypeName("ModelVersionCreated")
public record ModelVersionCreated(
        String modelId,
        int version,
        String source,
        Map<Direction, String> generatorKeys) implements Event {

    /** {@link #source()} of a version imported from reference weights rather than trained by a job. */
    public static final String SOURCE_IMPORT = "import";

    public ModelVersionCreated {
        Require.text(modelId, "modelId");
        Require.atLeast(version, 1, "version");
        Require.text(source, "source");
        generatorKeys = Map.copyOf(Require.present(generatorKeys, "generatorKeys"));
    }

    @Override
    public String partitionKey() {
        return modelId;
    }
}
