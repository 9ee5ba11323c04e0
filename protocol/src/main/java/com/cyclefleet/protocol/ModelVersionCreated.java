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
 * @param kind          where the weights came from; {@link ModelVersionKind#IMPORT} exactly when {@code source} is
 *                      {@link #SOURCE_IMPORT}
 * @param iteration     the training iteration the weights are from (0 for an import)
 * @param dataset       the dataset the weights were trained on: required for a job's version, null for an import
 *                      the user named no dataset for
 * @param sourceKey     the object the version was copied from (the job's bundle or checkpoint); null for an import,
 *                      whose weights were uploaded rather than copied
 */
@JsonTypeName("ModelVersionCreated")
public record ModelVersionCreated(
        String modelId,
        int version,
        String source,
        Map<Direction, String> generatorKeys,
        ModelVersionKind kind,
        long iteration,
        String dataset,
        String sourceKey) implements Event {

    /** {@link #source()} of a version imported from reference weights rather than trained by a job. */
    public static final String SOURCE_IMPORT = "import";

    public ModelVersionCreated {
        Require.text(modelId, "modelId");
        Require.atLeast(version, 1, "version");
        Require.text(source, "source");
        generatorKeys = Map.copyOf(Require.present(generatorKeys, "generatorKeys"));
        Require.present(kind, "kind");
        Require.atLeast(iteration, 0, "iteration");
        boolean imported = kind == ModelVersionKind.IMPORT;
        if (imported != SOURCE_IMPORT.equals(source)) {
            throw new IllegalArgumentException("kind " + kind + " does not match source '" + source
                    + "' (kind IMPORT goes with source '" + SOURCE_IMPORT + "' and only with it)");
        }
        if (imported) {
            Require.optionalText(dataset, "dataset");
            if (sourceKey != null) {
                throw new IllegalArgumentException("sourceKey must be null for an import (nothing was copied)");
            }
        } else {
            Require.text(dataset, "dataset");
            Require.text(sourceKey, "sourceKey");
        }
    }

    @Override
    public String partitionKey() {
        return modelId;
    }
}
