package com.cyclefleet.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * The coordinator accepted a training job. Carries the whole job definition so that replaying the event topic
 * recreates the job.
 *
 * @param jobId           the new job
 * @param datasetName     the dataset's name as users see it
 * @param dataset         where the dataset's images are
 * @param spec            hyper-parameters
 * @param chunkIterations iterations per chunk task
 * @param chunkMaxSeconds wall-time bound per chunk task, in seconds
 * @param modelId         the model the job's final version is created under (the API defaults it to the dataset's
 *                        name); carried here so a rebuilt coordinator knows it
 * @param fineTune        the weights the job starts from, null for a fresh initialisation; every chunk task of
 *                        the job carries it
 * @param holdOut         images kept out of the job's training, null for none; every chunk task carries it
 */
@JsonTypeName("JobAccepted")
public record JobAccepted(
        String jobId,
        String datasetName,
        DatasetRef dataset,
        TrainingSpec spec,
        long chunkIterations,
        long chunkMaxSeconds,
        String modelId,
        @AddedField FineTuneStart fineTune,
        @AddedField HoldOut holdOut) implements Event {

    public JobAccepted {
        Require.text(jobId, "jobId");
        Require.text(datasetName, "datasetName");
        Require.present(dataset, "dataset");
        Require.present(spec, "spec");
        Require.atLeast(chunkIterations, 1, "chunkIterations");
        Require.atLeast(chunkMaxSeconds, 1, "chunkMaxSeconds");
        Require.text(modelId, "modelId");
    }

    @Override
    public String partitionKey() {
        return jobId;
    }
}
