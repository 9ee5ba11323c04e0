package com.cyclefleet.coordinator.state;

import com.cyclefleet.coordinator.retrain.RetrainState;
import com.cyclefleet.coordinator.state.Views.BatchView;
import com.cyclefleet.coordinator.state.Views.CheckpointView;
import com.cyclefleet.coordinator.state.Views.DatasetView;
import com.cyclefleet.coordinator.state.Views.JobView;
import com.cyclefleet.coordinator.state.Views.ModelVersionView;
import com.cyclefleet.coordinator.state.Views.ModelView;
import com.cyclefleet.coordinator.state.Views.PromotionView;
import com.cyclefleet.coordinator.state.Views.SampleView;
import com.cyclefleet.coordinator.state.Views.TranslationView;
import com.cyclefleet.coordinator.state.Views.WorkerView;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.codec.Envelope;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Everything the coordinator knows, folded from the event topic, the two task topics and the heartbeats. Only the state consumer
 * writes it ({@link #apply}); every read returns an immutable snapshot. Applying the same history in any
 * interleaving of partitions gives the same state: each entity's records share a key, hence a partition, hence
 * an order, and cross-entity facts (a resume answering a failure) carry counts rather than relying on order.
 *
 * <p>Each entity has its fold ({@link JobFold}, {@link ModelFold}, {@link TranslationFold}, {@link WorkerFold},
 * {@link DatasetFold}); this class's lock guards them all, and its reads combine them where a view spans entities
 * (a job's status depends on its worker's liveness, its model version on the models).
 */
public final class FleetState {

    /** A record as applied, for listeners (event streams, waiting requests). */
    public record Applied(String topic, Envelope envelope) {
        public Message message() {
            return envelope.payload();
        }
    }

    private final JobFold jobs = new JobFold();
    private final ModelFold models = new ModelFold();
    private final TranslationFold translations = new TranslationFold();
    private final WorkerFold workers = new WorkerFold();
    private final DatasetFold datasets = new DatasetFold();
    private final ScalingState scaling = new ScalingState();
    private final List<Consumer<Applied>> listeners = new CopyOnWriteArrayList<>();
    private final WorkerLiveness liveness;
    private final RetrainState retraining = new RetrainState();
    private long applied;

    /** @param liveness when a worker counts as alive; job status STALLED and {@link #workers()} depend on it */
    public FleetState(WorkerLiveness liveness) {
        this.liveness = liveness;
    }

    /** The autoscaler's decisions (thread-safe on its own). */
    public RetrainState retraining() {
        return retraining;
    }

    public ScalingState scaling() {
        return scaling;
    }

    public WorkerLiveness liveness() {
        return liveness;
    }

    // ---------------------------------------------------------------------------------------------- folding

    /** Applies one record and tells the listeners. Called by the state consumer's thread only. */
    public void apply(String topic, Envelope envelope) {
        synchronized (this) {
            fold(envelope);
            applied++;
        }
        Applied event = new Applied(topic, envelope);
        for (Consumer<Applied> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                System.getLogger(FleetState.class.getName()).log(System.Logger.Level.WARNING,
                        "state listener failed on " + envelope.type(), e);
            }
        }
    }

    public Runnable addListener(Consumer<Applied> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The one dispatch of a record: every entity's fold takes the messages about it and ignores the others. */
    private void fold(Envelope record) {
        // first: the retraining state reads the defaults as they were before a ModelPromoted is applied
        retraining.apply(record.payload(), record.timestamp());
        jobs.fold(record);
        models.fold(record);
        translations.fold(record);
        workers.fold(record);
        datasets.fold(record);
        scaling.fold(record.payload());
    }

    // ---------------------------------------------------------------------------------------------- reading

    public synchronized long appliedCount() {
        return applied;
    }

    /** All jobs, oldest first (by acceptance time, then id: independent of how partitions interleaved). */
    public synchronized List<JobView> jobs() {
        return jobs.all().stream()
                .sorted(Comparator.comparing((JobState j) -> j.acceptedAt).thenComparing(j -> j.jobId))
                .map(this::view).toList();
    }

    public synchronized Optional<JobView> job(String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(this::view);
    }

    /** The job's recorded events, oldest first. */
    public synchronized List<JobState.JobEvent> jobEvents(String jobId) {
        JobState job = jobs.get(jobId);
        return job == null ? List.of() : List.copyOf(job.events);
    }

    private JobState.Status status(JobState j) {
        JobState.Status folded = jobs.foldedStatus(j);
        return folded == JobState.Status.RUNNING && j.running != null && !isRunning(j.running)
                ? JobState.Status.STALLED : folded;
    }

    /**
     * Whether the chunk's worker is still at it: it shows a sign of life within the timeout (a heartbeat, or the
     * chunk start itself, so a worker that sends no heartbeats yet is not judged before the timeout passes), and its
     * process is the one that started the chunk (a worker restarted under the same id lost the chunk).
     */
    private boolean isRunning(Views.RunningChunkView chunk) {
        WorkerState w = workers.get(chunk.workerId());
        if (w == null) {
            return liveness.alive(chunk.startedAt());
        }
        if (w.processStartedAt.isAfter(chunk.startedAt())) {
            return false;
        }
        return liveness.alive(w.lastHeartbeat.isAfter(chunk.startedAt()) ? w.lastHeartbeat : chunk.startedAt());
    }

    /** Every worker that sent a heartbeat in the replayed history, by id, alive or not. */
    public synchronized List<WorkerView> workers() {
        return workers.all().stream().map(w -> new WorkerView(w.workerId, w.roles, w.currentTask,
                liveness.alive(w.lastHeartbeat), w.lastHeartbeat, w.processStartedAt, w.intervalMillis)).toList();
    }

    /** How many workers sent a heartbeat within the timeout. */
    public synchronized long aliveWorkers() {
        return workers.all().stream().filter(w -> liveness.alive(w.lastHeartbeat)).count();
    }

    /** Jobs that finished but whose final model version does not exist yet (the coordinator creates it). */
    public synchronized List<String> doneJobsWithoutFinalVersion() {
        return jobs.all().stream().filter(j -> j.done && models.finalVersionOf(j.jobId).isEmpty())
                .map(j -> j.jobId).toList();
    }

    public synchronized Optional<ModelVersionView> finalVersionOf(String jobId) {
        return models.finalVersionOf(jobId);
    }

    public synchronized List<ModelView> models() {
        return models.all();
    }

    public synchronized Optional<ModelView> model(String modelId) {
        return models.get(modelId);
    }

    public synchronized Optional<ModelVersionView> modelVersion(String modelId, int version) {
        return models.version(modelId, version);
    }

    /** Highest version of a model, 0 when it has none. */
    public synchronized int latestVersion(String modelId) {
        return models.latestVersion(modelId);
    }

    public synchronized List<PromotionView> defaults() {
        return models.defaults();
    }

    public synchronized Optional<PromotionView> defaultFor(String dataset, Direction direction) {
        return models.defaultFor(dataset, direction);
    }

    public synchronized Optional<TranslationView> translation(String requestId) {
        return translations.get(requestId);
    }

    public synchronized int translationCount() {
        return translations.count();
    }

    public synchronized Optional<BatchView> batch(String batchId) {
        return translations.batch(batchId);
    }

    public synchronized List<DatasetView> datasets() {
        return datasets.all();
    }

    public synchronized Optional<DatasetView> dataset(String name) {
        return datasets.get(name);
    }

    private JobView view(JobState j) {
        Integer modelVersion = models.finalVersionOf(j.jobId).map(ModelVersionView::version).orElse(null);
        List<CheckpointView> checkpoints = j.checkpoints.entrySet().stream()
                .map(e -> new CheckpointView(e.getKey(), e.getValue())).toList();
        List<SampleView> samples = j.samples.entrySet().stream()
                .map(e -> new SampleView(e.getKey(), e.getValue())).toList();
        return new JobView(j.jobId, j.modelId, j.datasetName, status(j), j.iteration, j.spec.totalIterations(),
                j.epoch, j.lr, j.losses, j.msPerIteration, j.chunksDone, j.lastChunkIndex, j.running,
                j.chunkIterations, j.chunkMaxSeconds, j.failures,
                status(j) == JobState.Status.FAILED ? j.failureReason : null, j.acceptedAt, jobs.updatedAt(j),
                j.finalCheckpointKey, j.bundleKey, modelVersion, checkpoints, samples, j.dataset, j.spec, j.fineTune,
                j.holdOut);
    }
}
