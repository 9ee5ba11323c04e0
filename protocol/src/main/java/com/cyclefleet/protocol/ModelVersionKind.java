package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a model version's weights came from. */
public enum ModelVersionKind {
    /** The serving bundle a job exported when it reached its planned iterations. */
    @JsonProperty("final") FINAL,
    /** One checkpoint of a job, made a version on request (a checkpoint is accepted wherever a model file is). */
    @JsonProperty("checkpoint") CHECKPOINT,
    /** Reference (PyTorch) weights imported through the API. */
    @JsonProperty("import") IMPORT
}
