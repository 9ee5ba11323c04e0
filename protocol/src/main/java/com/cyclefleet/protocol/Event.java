package com.cyclefleet.protocol;

/**
 * A fact published to the event topic. The coordinator rebuilds all of its state by replaying these, so an event
 * must carry everything needed to apply it without looking anything else up.
 */
public sealed interface Event extends Message permits JobAccepted, ChunkStarted, ChunkDone, CheckpointWritten,
        SamplesWritten, JobDone, JobFailed, JobCancelled, TranslationDone, TranslationFailed, DatasetChanged,
        ModelVersionCreated, ModelPromoted, RetrainPolicySet, RetrainStarted,
        ServingProbationEnded, EvaluationRequested, EvaluationDone, EvaluationFailed, RetrainDecided {
}
