package com.cyclefleet.coordinator.state;

import com.cyclefleet.coordinator.retrain.RetrainState;
import com.cyclefleet.coordinator.state.Views.BatchView;
import com.cyclefleet.coordinator.state.Views.CheckpointView;
import com.cyclefleet.coordinator.state.Views.DatasetView;
import com.cyclefleet.coordinator.state.Views.DomainView;
import com.cyclefleet.coordinator.state.Views.JobView;
import com.cyclefleet.coordinator.state.Views.ModelVersionView;
import com.cyclefleet.coordinator.state.Views.ModelView;
import com.cyclefleet.coordinator.state.Views.PromotionView;
import com.cyclefleet.coordinator.state.Views.SampleView;
import com.cyclefleet.coordinator.state.Views.TranslationView;
import com.cyclefleet.coordinator.state.Views.WorkerView;
import com.cyclefleet.protocol.CheckpointWritten;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.ChunkStarted;
import com.cyclefleet.protocol.DatasetChanged;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.protocol.JobAccepted;
import com.cyclefleet.protocol.JobCancelled;
import com.cyclefleet.protocol.JobDone;
import com.cyclefleet.protocol.JobFailed;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.ModelPromoted;
import com.cyclefleet.protocol.ModelVersionCreated;
import com.cyclefleet.protocol.ModelVersionKind;
import com.cyclefleet.protocol.SamplesWritten;
import com.cyclefleet.protocol.TrainChunkTask;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.protocol.WorkerHeartbeat;
import com.cyclefleet.protocol.codec.Envelope;
import com.cyclefleet.storage.ObjectLayout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Everything the coordinator knows, folded from the event topic and the two task topics. Only the state folder
 * writes it ({@link #apply}); every read returns an immutable snapshot. Applying the same history in any
 * interleaving of partitions gives the same state: each entity's records share a key, hence a partition, hence
 * an order, and cross-entity facts (a resume answering a failure) carry counts rather than relying on order.
 */
public final class FleetState {

    /** A record as applied, for listeners (event streams, waiting requests). */
    public record Applied(String topic, Envelope envelope) {
        public Message message() {
            return envelope.payload();
        }
    }

    private final Map<String, JobState> jobs = new LinkedHashMap<>();
    private final Map<String, TreeMap<Integer, ModelVersionView>> models = new TreeMap<>();
    private final Map<String, PromotionView> defaults = new TreeMap<>();
    private final Map<String, TranslationState> translations = new HashMap<>();
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private final Map<String, Map<Domain, DomainView>> datasets = new TreeMap<>();
    /** Per job: how many of its failures a resume task has answered (see {@link TrainChunkTask#resumesFailures()}). */
    private final Map<String, Integer> resumesAnswered = new HashMap<>();
    private final Map<String, Instant> resumedAt = new HashMap<>();
    private final Map<String, WorkerState> workers = new TreeMap<>();
    private final List<Consumer<Applied>> listeners = new CopyOnWriteArrayList<>();
    private final WorkerLiveness liveness;
    private final RetrainState retraining = new RetrainState();
    private long applied;

    /** @param liveness when a worker counts as alive; job status STALLED and {@link #workers()} depend on it */
    public FleetState(WorkerLiveness liveness) {
        this.liveness = liveness;
    }

    public WorkerLiveness liveness() {
        return liveness;
    }

    public RetrainState retraining() {
        return retraining;
    }

    private static final class Batch {
        final String inputPrefix;
        final String outputPrefix;
        final List<String> requests = new ArrayList<>();

        Batch(String inputPrefix, String outputPrefix) {
            this.inputPrefix = inputPrefix;
            this.outputPrefix = outputPrefix;
        }
    }

    // ---------------------------------------------------------------------------------------------- folding

    /** Applies one record and tells the listeners. Called by the state folder's thread only. */
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

    private void fold(Envelope d) {
        Instant at = d.timestamp();
        Message m = d.payload();
        retraining.apply(m, at);
        if (m instanceof WorkerHeartbeat h) {
            WorkerState w = workers.computeIfAbsent(h.workerId(), WorkerState::new);
            // one partition keeps a worker's heartbeats in order; max() still guards a replay of mixed incarnations
            if (!at.isBefore(w.lastHeartbeat)) {
                w.lastHeartbeat = at;
                w.roles = h.roles();
                w.currentTask = h.currentTask();
                w.intervalMillis = h.intervalMillis();
                Instant started = Instant.ofEpochMilli(h.startedAtMillis());
                if (started.isAfter(w.processStartedAt)) {
                    w.processStartedAt = started;
                }
            }
        } else if (m instanceof JobAccepted a) {
            JobState job = jobs.computeIfAbsent(a.jobId(), id -> new JobState(id, a.modelId(), a.datasetName(),
                    a.dataset(), a.spec(), a.chunkIterations(), a.chunkMaxSeconds(), at));
            record(job, d);
        } else if (m instanceof TrainChunkTask t) {
            // tasks and events are on different topics, so a resume task may be read before the job's JobAccepted:
            // keep what it answers by job id, independent of the job's existence
            if (t.fromResume()) {
                resumesAnswered.merge(t.jobId(), t.resumesFailures(), Math::max);
                resumedAt.merge(t.jobId(), at, (x, y) -> x.isAfter(y) ? x : y);
            }
        } else if (m instanceof ChunkStarted c) {
            withJob(c.jobId(), d, job -> {
                // a late-read start of a chunk already done (a redo) does not make it run again
                if (c.chunkIndex() > job.lastChunkIndex && !job.done) {
                    job.running = new Views.RunningChunkView(c.chunkIndex(), c.startIteration(), c.workerId(), at);
                }
            });
        } else if (m instanceof ChunkDone c) {
            withJob(c.jobId(), d, job -> {
                if (job.running != null && c.chunkIndex() >= job.running.chunkIndex()) {
                    job.running = null;
                }
                if (c.iteration() >= job.iteration) {
                    job.iteration = c.iteration();
                    job.epoch = c.epoch();
                    job.lr = c.lr();
                    job.losses = c.losses();
                    job.msPerIteration = c.msPerIteration();
                }
                job.lastChunkIndex = Math.max(job.lastChunkIndex, c.chunkIndex());
                job.chunksDone++;
            });
        } else if (m instanceof CheckpointWritten c) {
            withJob(c.jobId(), d, job -> job.checkpoints.put(c.iteration(), c.key()));
        } else if (m instanceof SamplesWritten s) {
            withJob(s.jobId(), d, job -> job.samples.put(s.iteration(), s.keys()));
        } else if (m instanceof JobDone done) {
            withJob(done.jobId(), d, job -> {
                job.done = true;
                job.running = null;
                job.iteration = Math.max(job.iteration, done.iterations());
                job.finalCheckpointKey = done.finalCheckpointKey();
                job.checkpoints.putIfAbsent(done.iterations(), done.finalCheckpointKey());
                job.bundleKey = done.bundleKey();
            });
        } else if (m instanceof JobFailed f) {
            withJob(f.jobId(), d, job -> {
                job.running = null;
                job.failures++;
                job.failureReason = f.reason();
            });
        } else if (m instanceof JobCancelled c) {
            withJob(c.jobId(), d, job -> {
                job.cancelled = true;
                job.running = null;
            });
        } else if (m instanceof ModelVersionCreated v) {
            String key = v.generatorKeys().values().stream().findFirst().orElse(null);
            models.computeIfAbsent(v.modelId(), id -> new TreeMap<>()).put(v.version(), new ModelVersionView(
                    v.modelId(), v.version(), v.kind(), v.source(), v.iteration(), v.dataset(), key,
                    v.generatorKeys(), at));
        } else if (m instanceof ModelPromoted p) {
            defaults.put(defaultKey(p.dataset(), p.direction()),
                    new PromotionView(p.dataset(), p.direction(), p.modelId(), p.version(), at));
        } else if (m instanceof TranslateTask t) {
            TranslationState tr = translations.computeIfAbsent(t.requestId(), TranslationState::new);
            tr.modelId = t.modelId();
            tr.modelVersion = t.modelVersion();
            tr.direction = t.direction();
            tr.inputKey = t.inputKey();
            if (tr.outputKey == null) {
                tr.outputKey = t.outputKey();
            }
            tr.submittedAt = Instant.ofEpochMilli(t.submittedAtMillis());
            if (t.batch() != null && tr.batchId == null) {
                tr.batchId = t.batch().batchId();
                batches.computeIfAbsent(tr.batchId, id -> new Batch(t.batch().inputPrefix(),
                        t.batch().outputPrefix())).requests.add(t.requestId());
            }
        } else if (m instanceof TranslationDone t) {
            TranslationState tr = translations.computeIfAbsent(t.requestId(), TranslationState::new);
            tr.status = TranslationState.Status.DONE;
            tr.modelId = t.modelId();
            tr.outputKey = t.outputKey();
            tr.latencyMs = t.latencyMs();
            tr.batchSize = t.batchSize();
            tr.finishedAt = at;
        } else if (m instanceof TranslationFailed t) {
            TranslationState tr = translations.computeIfAbsent(t.requestId(), TranslationState::new);
            if (tr.status != TranslationState.Status.DONE) {
                tr.status = TranslationState.Status.FAILED;
                tr.reason = t.reason();
                tr.finishedAt = at;
            }
        } else if (m instanceof DatasetChanged c) {
            Map<Domain, DomainView> domains = datasets.computeIfAbsent(c.dataset(), n -> new EnumMap<>(Domain.class));
            DomainView before = domains.get(c.domain());
            boolean registered = c.key().endsWith("/");
            String prefix = registered ? c.key()
                    : before != null ? before.prefix() : ObjectLayout.domainPrefix(c.dataset(), c.domain());
            domains.put(c.domain(), new DomainView(prefix, registered || (before != null && before.registered()),
                    c.count(), c.key(), at));
        }
    }

    private void withJob(String jobId, Envelope d, Consumer<JobState> change) {
        JobState job = jobs.get(jobId);
        if (job == null) {
            // an event for a job this history does not know (accepted on another deployment): nothing to attach to
            return;
        }
        change.accept(job);
        touch(job, d.timestamp());
        record(job, d);
    }

    private static void touch(JobState job, Instant at) {
        if (at.isAfter(job.updatedAt)) {
            job.updatedAt = at;
        }
    }

    private static void record(JobState job, Envelope d) {
        job.events.add(new JobState.JobEvent(d.id(), d.type(), d.timestamp(), d.payload()));
    }

    static String defaultKey(String dataset, Direction direction) {
        return dataset + "/" + direction.wireName();
    }

    // ---------------------------------------------------------------------------------------------- reading

    public synchronized long appliedCount() {
        return applied;
    }

    /** All jobs, oldest first (by acceptance time, then id: independent of how partitions interleaved). */
    public synchronized List<JobView> jobs() {
        return jobs.values().stream()
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

    /** Jobs that finished but whose final model version does not exist yet (the coordinator creates it). */
    private Instant updatedAt(JobState j) {
        Instant resumed = resumedAt.get(j.jobId);
        return resumed != null && resumed.isAfter(j.updatedAt) ? resumed : j.updatedAt;
    }

    private JobState.Status status(JobState j) {
        JobState.Status folded = j.status(resumesAnswered.getOrDefault(j.jobId, 0));
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
        return workers.values().stream().map(w -> new WorkerView(w.workerId, w.roles, w.currentTask,
                liveness.alive(w.lastHeartbeat), w.lastHeartbeat, w.processStartedAt, w.intervalMillis)).toList();
    }

    /** How many workers sent a heartbeat within the timeout. */
    public synchronized long aliveWorkers() {
        return workers.values().stream().filter(w -> liveness.alive(w.lastHeartbeat)).count();
    }

    public synchronized List<String> doneJobsWithoutFinalVersion() {
        return jobs.values().stream().filter(j -> j.done && finalVersionOf(j.jobId).isEmpty())
                .map(j -> j.jobId).toList();
    }

    public synchronized Optional<ModelVersionView> finalVersionOf(String jobId) {
        return models.values().stream().flatMap(v -> v.values().stream())
                .filter(v -> jobId.equals(v.source()) && v.kind() == ModelVersionKind.FINAL)
                .findFirst();
    }

    public synchronized List<ModelView> models() {
        return models.keySet().stream().map(this::modelView).toList();
    }

    public synchronized Optional<ModelView> model(String modelId) {
        return models.containsKey(modelId) ? Optional.of(modelView(modelId)) : Optional.empty();
    }

    public synchronized Optional<ModelVersionView> modelVersion(String modelId, int version) {
        TreeMap<Integer, ModelVersionView> versions = models.get(modelId);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    /** Highest version of a model, 0 when it has none. */
    public synchronized int latestVersion(String modelId) {
        TreeMap<Integer, ModelVersionView> versions = models.get(modelId);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    public synchronized List<PromotionView> defaults() {
        return List.copyOf(defaults.values());
    }

    public synchronized Optional<PromotionView> defaultFor(String dataset, Direction direction) {
        return Optional.ofNullable(defaults.get(defaultKey(dataset, direction)));
    }

    public synchronized Optional<TranslationView> translation(String requestId) {
        return Optional.ofNullable(translations.get(requestId)).map(FleetState::view);
    }

    public synchronized int translationCount() {
        return translations.size();
    }

    public synchronized Optional<BatchView> batch(String batchId) {
        Batch batch = batches.get(batchId);
        if (batch == null) {
            return Optional.empty();
        }
        int done = 0;
        int failed = 0;
        List<String> failedRequests = new ArrayList<>();
        for (String id : batch.requests) {
            TranslationState t = translations.get(id);
            if (t.status == TranslationState.Status.DONE) {
                done++;
            } else if (t.status == TranslationState.Status.FAILED) {
                failed++;
                failedRequests.add(id);
            }
        }
        int total = batch.requests.size();
        return Optional.of(new BatchView(batchId, batch.inputPrefix, batch.outputPrefix, total, done, failed,
                total - done - failed, failedRequests));
    }

    public synchronized List<DatasetView> datasets() {
        return datasets.keySet().stream().map(this::datasetView).toList();
    }

    public synchronized Optional<DatasetView> dataset(String name) {
        return datasets.containsKey(name) ? Optional.of(datasetView(name)) : Optional.empty();
    }

    private DatasetView datasetView(String name) {
        return new DatasetView(name, Map.copyOf(datasets.get(name)));
    }

    private ModelView modelView(String modelId) {
        TreeMap<Integer, ModelVersionView> versions = models.get(modelId);
        List<PromotionView> promoted = defaults.values().stream().filter(p -> p.modelId().equals(modelId))
                .sorted(Comparator.comparing(PromotionView::dataset).thenComparing(PromotionView::direction)).toList();
        return new ModelView(modelId, versions.isEmpty() ? 0 : versions.lastKey(), List.copyOf(versions.values()),
                promoted);
    }

    private JobView view(JobState j) {
        Integer modelVersion = finalVersionOf(j.jobId).map(ModelVersionView::version).orElse(null);
        List<CheckpointView> checkpoints = j.checkpoints.entrySet().stream()
                .map(e -> new CheckpointView(e.getKey(), e.getValue())).toList();
        List<SampleView> samples = j.samples.entrySet().stream()
                .map(e -> new SampleView(e.getKey(), e.getValue())).toList();
        return new JobView(j.jobId, j.modelId, j.datasetName, status(j), j.iteration, j.spec.totalIterations(),
                j.epoch, j.lr, j.losses, j.msPerIteration, j.chunksDone, j.lastChunkIndex, j.running,
                j.chunkIterations, j.chunkMaxSeconds, j.failures,
                status(j) == JobState.Status.FAILED ? j.failureReason : null, j.acceptedAt, updatedAt(j),
                j.finalCheckpointKey, j.bundleKey, modelVersion, checkpoints, samples, j.dataset, j.spec);
    }

    private static TranslationView view(TranslationState t) {
        return new TranslationView(t.requestId, t.status, t.modelId, t.modelVersion, t.direction, t.inputKey,
                t.outputKey, t.batchId, t.latencyMs, t.batchSize, t.reason, t.submittedAt, t.finishedAt);
    }
}
