package com.cyclefleet.worker;

import com.cyclefleet.storage.ObjectStore;
import com.cyclefleet.storage.StorageConfig;
import com.cyclefleet.worker.kafka.TaskLoop;
import com.cyclefleet.worker.ops.HeartbeatConfig;
import com.cyclefleet.worker.ops.Heartbeats;
import com.cyclefleet.worker.ops.LoopStatus;
import com.cyclefleet.worker.ops.Metrics;
import com.cyclefleet.worker.ops.OpsServer;
import com.cyclefleet.worker.train.ChunkRunner;
import com.cyclefleet.worker.train.DatasetCache;
import com.cyclefleet.worker.train.TrainLoop;
import com.cyclefleet.worker.translate.BatchTranslator;
import com.cyclefleet.worker.translate.ModelCache;
import com.cyclefleet.worker.translate.TranslateLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A running worker: one consumer loop per role, each on its own thread, plus the health and metrics server.
 * {@link #close()} stops the loops: a running chunk is checkpointed and committed at its next iteration boundary
 * within the stop grace (else abandoned uncommitted and redone elsewhere), translations in flight are committed.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** How long close() waits for a loop to leave its group cleanly, on top of the stop grace of its chunk. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final WorkerConfig config;
    private final ObjectStore store;
    private final Map<String, ObjectStore> otherBuckets = new ConcurrentHashMap<>();
    private final Metrics metrics = new Metrics();
    private final List<TaskLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<LoopStatus> statuses = new ArrayList<>();
    private final OpsServer ops;
    private Heartbeats heartbeats;

    private Worker(WorkerConfig config) {
        this.config = config;
        this.store = ObjectStore.connect(config.storage());
        Clock clock = Clock.systemUTC();
        if (config.has(WorkerRole.TRAIN)) {
            LoopStatus status = new LoopStatus(TrainLoop.ROLE, clock);
            DatasetCache datasets = new DatasetCache(config.cacheDir(), this::storeFor, config.pixelBudget());
            ChunkRunner runner = new ChunkRunner(store, datasets, config.workerId(), config.pixelBudget(), metrics);
            add(new TrainLoop(config, runner, metrics, status), status);
        }
        if (config.has(WorkerRole.TRANSLATE)) {
            LoopStatus status = new LoopStatus(TranslateLoop.ROLE, clock);
            ModelCache models = new ModelCache(store, config.modelCacheSize());
            BatchTranslator translator = new BatchTranslator(store, models, metrics, clock, config.pixelBudget());
            add(new TranslateLoop(config, translator, metrics, status), status);
        }
        this.ops = OpsServer.start(config.httpHost(), config.httpPort(), this::healthy, this::healthDetail,
                metrics::render);
    }

    /** Starts the loops and the HTTP server, with heartbeats as {@link HeartbeatConfig#ENV_INTERVAL_MS} says. */
    public static Worker start(WorkerConfig config) {
        return start(config, HeartbeatConfig.fromEnvironment(System.getenv()));
    }

    /** Starts the loops, the heartbeats and the HTTP server. */
    public static Worker start(WorkerConfig config, HeartbeatConfig heartbeatConfig) {
        Worker worker = new Worker(config);
        // before the loops: the process start a heartbeat carries must precede any chunk this process announces
        worker.heartbeats = Heartbeats.start(config.kafkaBootstrap(), config.workerId(),
                config.roles().stream().map(WorkerRole::wireName).sorted().toList(), worker::currentTask,
                Clock.systemUTC(), heartbeatConfig);
        for (Thread thread : worker.threads) {
            thread.start();
        }
        LOG.info("worker {} started: roles {}, Kafka {}, S3 {} bucket {}, health and metrics on http://{}:{}{} and {}",
                config.workerId(), config.roles().stream().map(WorkerRole::wireName).sorted()
                        .collect(Collectors.joining(",")), config.kafkaBootstrap(), config.storage().endpoint(),
                config.storage().bucket(), config.httpHost(), worker.httpPort(), OpsServer.HEALTH_PATH,
                OpsServer.METRICS_PATH);
        return worker;
    }

    private void add(TaskLoop loop, LoopStatus status) {
        loops.add(loop);
        statuses.add(status);
        threads.add(new Thread(loop, "worker-" + status.name() + "-loop"));
    }

    public WorkerConfig config() {
        return config;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The port /health and /metrics listen on (the chosen one when configured as 0). */
    public int httpPort() {
        return ops.port();
    }

    /** True when every consumer loop runs and polled recently. */
    public boolean healthy() {
        return statuses.stream().allMatch(s -> s.healthy(config.healthStaleAfter()));
    }

    /** True while any consumer loop thread is alive. */
    public boolean alive() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /** What the loops are working on, for heartbeats; null when all are idle. */
    private String currentTask() {
        List<String> tasks = statuses.stream().map(LoopStatus::task).filter(Objects::nonNull).toList();
        return tasks.isEmpty() ? null : String.join(", ", tasks);
    }

    private String healthDetail() {
        return statuses.stream().map(s -> s.describe(config.healthStaleAfter())).collect(Collectors.joining("\n"));
    }

    /** Waits until a loop has ended: after close(), or when one crashed (the worker is then unhealthy). */
    public void awaitTermination() throws InterruptedException {
        while (threads.stream().allMatch(Thread::isAlive)) {
            threads.get(0).join(config.pollTimeout().toMillis());
        }
    }

    private ObjectStore storeFor(String bucket) {
        if (bucket.equals(store.bucket())) {
            return store;
        }
        return otherBuckets.computeIfAbsent(bucket, b -> {
            StorageConfig other = config.storage().withBucket(b);
            return ObjectStore.connect(other);
        });
    }

    @Override
    public void close() {
        if (heartbeats != null) {
            heartbeats.close();
        }
        for (TaskLoop loop : loops) {
            loop.stop();
        }
        for (Thread thread : threads) {
            try {
                thread.join(STOP_TIMEOUT.plus(config.stopGrace()).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ops.close();
        store.close();
        otherBuckets.values().forEach(ObjectStore::close);
        LOG.info("worker {} stopped", config.workerId());
    }
}
