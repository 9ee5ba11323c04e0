package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.domain.Conflict;
import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.domain.NotFound;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.state.JobState;
import com.cyclefleet.coordinator.state.Views.JobView;
import com.cyclefleet.coordinator.state.Views.ModelVersionView;
import com.cyclefleet.coordinator.state.Views.ModelView;
import com.cyclefleet.coordinator.state.Views.PromotionView;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.formats.training.GeneratorArchitecture;
import com.cyclefleet.protocol.ModelPromoted;
import com.cyclefleet.protocol.ModelVersionCreated;
import com.cyclefleet.protocol.ModelVersionKind;
import com.cyclefleet.storage.ObjectLayout;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model versions: from finished jobs (automatically), from a job's checkpoint (on request), from imported reference
 * weights; promotion as the default for a dataset and direction. Version numbers are allocated under one lock, so
 * concurrent creations of one model never collide.
 */
@ApplicationScoped
public class ModelService {

    @Inject
    Fleet fleet;

    @Inject
    CoordinatorConfig config;

    @Inject
    JobService jobs;

    @Inject
    ObjectMapper mapper;

    /** What a new version is besides its number and key: the ModelVersionCreated fields that describe its origin. */
    private record Origin(String source, ModelVersionKind kind, long iteration, String dataset, String sourceKey) {
    }

    private final Object versionLock = new Object();

    public static String modelKey(String modelId, int version) {
        return ObjectLayout.modelArtifact(modelId, version);
    }

    public List<ModelView> list() {
        return fleet.state().models();
    }

    public ModelView get(String modelId) {
        return fleet.state().model(modelId).orElseThrow(() -> new NotFound("model '" + modelId + "' not found"));
    }

    public ModelVersionView version(String modelId, int version) {
        get(modelId);
        return fleet.state().modelVersion(modelId, version).orElseThrow(() -> new NotFound(
                "model '" + modelId + "' has no version " + version));
    }

    /**
     * Creates the final version of a finished job unless it exists: copies the job's serving bundle to
     * {@code models/{modelId}/v{n}/model.zip} and publishes ModelVersionCreated. Idempotent.
     */
    public Optional<ModelVersionView> createFinalVersion(String jobId) {
        synchronized (versionLock) {
            Optional<ModelVersionView> existing = fleet.state().finalVersionOf(jobId);
            if (existing.isPresent()) {
                return existing;
            }
            JobView job = jobs.get(jobId);
            if (job.status() != JobState.Status.DONE) {
                throw new Conflict("job '" + jobId + "' is " + job.status() + ", not DONE");
            }
            return Optional.of(create(job.modelId(), new Origin(jobId, ModelVersionKind.FINAL, job.iteration(),
                    job.dataset(), job.bundleKey())));
        }
    }

    /** Makes a model version of one checkpoint of a job (the worker's loader accepts a checkpoint as a model file). */
    public ModelVersionView createFromCheckpoint(String jobId, long iteration, String modelIdOverride) {
        JobView job = jobs.get(jobId);
        String modelId = modelIdOverride == null ? job.modelId() : modelIdOverride;
        DatasetService.requireName(modelId, "modelId");
        String checkpoint = jobs.checkpointKey(jobId, iteration);
        if (!fleet.store().exists(checkpoint)) {
            throw new NotFound("checkpoint object '" + checkpoint + "' is not in the bucket");
        }
        Origin origin = new Origin(jobId, ModelVersionKind.CHECKPOINT, iteration, job.dataset(), checkpoint);
        synchronized (versionLock) {
            return create(modelId, origin);
        }
    }

    /**
     * Imports reference weights (a zip of .npy files) as a new version; netG and ngf, where null, are inferred
     * from the weights.
     */
    public ModelVersionView importWeights(String modelId, List<Uploads.NamedBytes> entries, GeneratorArchitecture netG,
                                          Integer ngf, String dataset) {
        DatasetService.requireName(modelId, "modelId");
        if (dataset != null) {
            DatasetService.requireName(dataset, "dataset");
        }
        byte[] bundle = WeightsImport.repack(entries, netG, ngf, mapper).bytes();
        // netG and ngf travel inside the bundle's model.json, which is what the workers read
        Origin origin = new Origin(ModelVersionCreated.SOURCE_IMPORT, ModelVersionKind.IMPORT, 0, dataset, null);
        synchronized (versionLock) {
            int version = fleet.state().latestVersion(modelId) + 1;
            String key = modelKey(modelId, version);
            fleet.store().put(key, bundle, "application/zip");
            return publishVersion(modelId, version, key, origin);
        }
    }

    private ModelVersionView create(String modelId, Origin origin) {
        int version = fleet.state().latestVersion(modelId) + 1;
        String key = modelKey(modelId, version);
        fleet.store().copy(origin.sourceKey(), key);
        return publishVersion(modelId, version, key, origin);
    }

    private ModelVersionView publishVersion(String modelId, int version, String key, Origin origin) {
        Map<Direction, String> generators = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            generators.put(d, key);
        }
        fleet.publish(new ModelVersionCreated(modelId, version, origin.source(), generators, origin.kind(),
                origin.iteration(), origin.dataset(), origin.sourceKey()));
        return fleet.state().modelVersion(modelId, version).orElseThrow(() -> new IllegalStateException(
                "version " + version + " of " + modelId + " was published but is not in the state yet"));
    }

    /** Promotes a version as the default for a dataset (default: the one it was trained on) and direction(s). */
    public List<PromotionView> promote(String modelId, int version, String dataset, List<Direction> directions) {
        ModelVersionView v = version(modelId, version);
        String target = dataset != null ? dataset : v.dataset();
        if (target == null) {
            throw new InvalidRequest("model '" + modelId + "' v" + version + " has no dataset of its own; "
                    + "name the 'dataset' to promote it for");
        }
        DatasetService.requireName(target, "dataset");
        fleet.publish(promotions(modelId, version, target, directions));
        return fleet.state().defaults().stream().filter(p -> p.dataset().equals(target)).toList();
    }

    /**
     * The events that promote a version for a dataset in the directions (all of them when empty), for a caller that
     * publishes them in its own transaction (the evaluation gate's decision).
     */
    public static List<ModelPromoted> promotions(String modelId, int version, String dataset,
                                                 List<Direction> directions) {
        List<ModelPromoted> events = new ArrayList<>();
        for (Direction d : directions.isEmpty() ? List.of(Direction.values()) : directions) {
            events.add(new ModelPromoted(modelId, version, dataset, d));
        }
        return events;
    }

    public List<PromotionView> defaults() {
        return fleet.state().defaults();
    }
}
