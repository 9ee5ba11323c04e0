package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.domain.Conflict;
import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.domain.NotFound;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.state.JobState;
import com.cyclefleet.coordinator.state.Views.CheckpointView;
import com.cyclefleet.coordinator.state.Views.JobView;
import com.cyclefleet.protocol.DatasetRef;
import com.cyclefleet.protocol.FineTuneStart;
import com.cyclefleet.protocol.HoldOut;
import com.cyclefleet.protocol.JobAccepted;
import com.cyclefleet.protocol.JobCancelled;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.TrainingSpec;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.StorageException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/** Creating, cancelling, resuming and describing training jobs. */
@ApplicationScoped
public class JobService {

    private static final String JOB_ID_PREFIX = "job-";
    private static final int JOB_ID_HEX_CHARS = 12;

    @Inject
    Fleet fleet;

    @Inject
    CoordinatorConfig config;

    @Inject
    DatasetService datasets;

    @Inject
    ObjectMapper mapper;

    @Inject
    ImageCheck images;

    /** A job with its loss history and presigned sample URLs. */
    public record JobDetail(JobView job, List<SampleUrls> sampleUrls, List<JsonNode> lossHistory) {
    }

    public record SampleUrls(long iteration, List<URI> urls) {
    }

    public JobView create(JobRequest request) {
        return create(request, jobId -> List.of());
    }

    /**
     * Creates a job and publishes {@code alongside(jobId)} in the same transaction, so a caller that records why the
     * job exists (a retrain) is never seen with the job and without the record, or the other way round.
     */
    public JobView create(JobRequest request, Function<String, List<? extends Message>> alongside) {
        return create(request, null, null, alongside);
    }

    /**
     * Creates a job that starts from a model version's weights ({@code fineTune}, null for a fresh initialisation)
     * and keeps {@code holdOut} out of its training (null for none); both travel on JobAccepted and on every chunk
     * task. A retrain uses this; the REST API has no such fields.
     */
    public JobView create(JobRequest request, FineTuneStart fineTune, HoldOut holdOut,
                          Function<String, List<? extends Message>> alongside) {
        if (request == null) {
            throw new InvalidRequest("send a JSON body with at least 'dataset' and 'totalIterations'");
        }
        if (request.dataset() == null) {
            throw new InvalidRequest("'dataset' is required");
        }
        DatasetService.requireName(request.dataset(), "dataset name");
        String modelId = request.modelId() == null ? request.dataset() : request.modelId();
        DatasetService.requireName(modelId, "modelId");
        if (request.totalIterations() == null) {
            throw new InvalidRequest("'totalIterations' is required");
        }
        long chunkIterations = request.chunkIterations() == null
                ? config.jobs().defaultChunkIterations() : request.chunkIterations();
        long chunkMaxSeconds = request.chunkMaxSeconds() == null
                ? config.jobs().defaultChunkMaxSeconds() : request.chunkMaxSeconds();
        JobRequestCheck.check(request.totalIterations(), chunkIterations, chunkMaxSeconds);
        TrainingSpec spec = JobRequestCheck.spec(request.hyperParameters(), request.totalIterations(),
                config.training().sampleEvery(), images.budget(), mapper);
        DatasetRef dataset = datasets.refFor(request.dataset());
        String jobId = JOB_ID_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, JOB_ID_HEX_CHARS);
        JobAccepted accepted;
        TrainChunkTask first;
        try {
            accepted = new JobAccepted(jobId, request.dataset(), dataset, spec, chunkIterations, chunkMaxSeconds,
                    modelId, fineTune, holdOut);
            first = new TrainChunkTask(jobId, 0, 0, Math.min(chunkIterations, spec.totalIterations()),
                    chunkMaxSeconds, null, dataset, spec, null, fineTune, holdOut);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
        List<Message> messages = new ArrayList<>(List.of(accepted, first));
        messages.addAll(alongside.apply(jobId));
        fleet.publish(messages);
        return get(jobId);
    }

    public JobView get(String jobId) {
        return fleet.state().job(jobId).orElseThrow(() -> new NotFound("job '" + jobId + "' not found"));
    }

    public List<JobView> list() {
        return fleet.state().jobs();
    }

    public JobDetail detail(String jobId) {
        JobView job = get(jobId);
        List<SampleUrls> urls = job.samples().stream().map(s -> new SampleUrls(s.iteration(), s.keys().stream()
                .map(k -> fleet.store().presignedGetUrl(k, config.s3().presignValidity())).toList())).toList();
        return new JobDetail(job, urls, lossHistory(jobId));
    }

    /**
     * The job's loss history (one JSON object per logged iteration, losses named as in the job's events), empty
     * before the first chunk wrote it.
     */
    public List<JsonNode> lossHistory(String jobId) {
        get(jobId);
        byte[] bytes;
        try {
            bytes = fleet.store().get(ObjectLayout.lossHistory(jobId));
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.OBJECT_NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        List<JsonNode> rows = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                try {
                    rows.add(LossNames.toProtocol(mapper.readTree(line)));
                } catch (IOException e) {
                    // a half-written last line (the worker rewrites the file whole, so this is rare): skip it
                }
            }
        }
        return rows;
    }

    /** Writes the cancel marker the workers check, then publishes JobCancelled. */
    public JobView cancel(String jobId) {
        JobView job = get(jobId);
        if (job.status() == JobState.Status.DONE || job.status() == JobState.Status.CANCELLED) {
            throw new Conflict("job '" + jobId + "' is already " + job.status());
        }
        fleet.store().put(ObjectLayout.jobCancelled(jobId), new byte[0], "text/plain");
        fleet.publish(new JobCancelled(jobId));
        return get(jobId);
    }

    /** Publishes a chunk task that continues a failed job from its latest checkpoint. */
    public JobView resume(String jobId) {
        JobView job = get(jobId);
        if (job.status() != JobState.Status.FAILED) {
            throw new Conflict("job '" + jobId + "' is " + job.status() + "; only a FAILED job can be resumed");
        }
        CheckpointView latest = job.checkpoints().isEmpty() ? null : job.checkpoints().get(job.checkpoints().size() - 1);
        long start = latest == null ? 0 : latest.iteration();
        long remaining = job.totalIterations() - start;
        if (remaining <= 0) {
            throw new Conflict("job '" + jobId + "' has a checkpoint at its final iteration " + start
                    + "; nothing left to train");
        }
        TrainChunkTask task = new TrainChunkTask(jobId, job.lastChunkIndex() + 1, start,
                Math.min(job.chunkIterations(), remaining), job.chunkMaxSeconds(),
                latest == null ? null : latest.key(), job.datasetRef(), job.spec(), job.failures(), job.fineTune(),
                job.holdOut());
        fleet.publish(task);
        return get(jobId);
    }

    /** The checkpoint key of a job at an iteration. */
    public String checkpointKey(String jobId, long iteration) {
        return get(jobId).checkpoints().stream().filter(c -> c.iteration() == iteration).map(CheckpointView::key)
                .filter(Objects::nonNull).findFirst().orElseThrow(() -> new NotFound("job '" + jobId
                        + "' has no checkpoint at iteration " + iteration));
    }
}
