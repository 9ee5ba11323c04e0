package com.cyclefleet.worker;

import com.cyclefleet.formats.image.PixelBudget;
import com.cyclefleet.storage.StorageConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything a worker needs, read once at start from environment variables by {@link #fromEnvironment()}.
 *
 * <table>
 *   <caption>Worker environment variables</caption>
 *   <tr><th>Variable</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@code CYCLEFLEET_KAFKA_BOOTSTRAP}</td><td>(required)</td><td>Kafka bootstrap servers,
 *       {@code host:port[,host:port]}</td></tr>
 *   <tr><td>{@code CYCLEFLEET_S3_ENDPOINT}, {@code _ACCESS_KEY}, {@code _SECRET_KEY}, {@code _BUCKET},
 *       {@code _REGION}</td><td>see {@link StorageConfig}</td><td>the object store</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_ID}</td><td>{@code <hostname>-<pid>}</td><td>names this worker in events,
 *       logs, Kafka client ids and transactional ids; must be unique among running workers</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_ROLES}</td><td>{@code train,translate}</td><td>which task topics to
 *       consume</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_HTTP_HOST}</td><td>{@code 0.0.0.0}</td><td>bind address of /health and
 *       /metrics</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_HTTP_PORT}</td><td>{@value #DEFAULT_HTTP_PORT}</td><td>port of /health and
 *       /metrics; 0 picks a free port (logged at start)</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_CACHE_DIR}</td><td>{@code <tmp>/cyclefleet-worker/<worker id>}</td><td>local
 *       copies of training datasets, one folder per dataset prefix, reused across chunks</td></tr>
 *   <tr><td>{@code CYCLEFLEET_MODEL_CACHE_SIZE}</td><td>{@value #DEFAULT_MODEL_CACHE_SIZE}</td><td>model versions
 *       kept loaded for translation (least recently used evicted)</td></tr>
 *   <tr><td>{@code CYCLEFLEET_TRANSLATE_MAX_BATCH}</td><td>{@value #DEFAULT_TRANSLATE_MAX_BATCH}</td><td>most
 *       translate requests polled, and translated, at once</td></tr>
 *   <tr><td>{@code CYCLEFLEET_TRANSLATE_LINGER_MS}</td><td>{@value #DEFAULT_TRANSLATE_LINGER_MS}</td><td>once a
 *       poll returned translate requests, how long to keep polling for more (up to the max batch) before
 *       translating them as one batch; 0 translates what the first poll returned</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_POLL_MS}</td><td>{@value #DEFAULT_POLL_MS}</td><td>Kafka poll timeout; also
 *       how often a running chunk is checked for completion</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_RETRY_BACKOFF_MS}</td><td>{@value #DEFAULT_RETRY_BACKOFF_MS}</td><td>pause
 *       before retrying a task after the object store was unreachable</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_HEALTH_STALE_S}</td><td>{@value #DEFAULT_HEALTH_STALE_S}</td><td>/health
 *       answers 503 when a consumer has not polled for this long</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_TX_TIMEOUT_MS}</td><td>{@value #DEFAULT_TX_TIMEOUT_MS}</td><td>Kafka
 *       transaction timeout: how long a crashed worker's open transaction can hold back readers</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_SESSION_TIMEOUT_MS}</td><td>{@value #DEFAULT_SESSION_TIMEOUT_MS}</td><td>Kafka
 *       consumer session timeout: how long after a worker dies its partitions (and its unfinished chunk) move to
 *       another worker</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_MAX_PIXELS}</td><td>{@link PixelBudget#DEFAULT_MAX_PIXELS}</td><td>most pixels
 *       (width x height) of an image the worker decodes, a translation input or a dataset image; checked from the
 *       header before decoding, so one image cannot run the worker out of heap
 *       ({@link PixelBudget#DECODED_BYTES_PER_PIXEL} bytes of heap a pixel)</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_MAX_ATTEMPTS}</td><td>{@value #DEFAULT_MAX_ATTEMPTS}</td><td>times a task
 *       record may be started and die with its worker (out of memory, a native crash, a crashed loop) before it
 *       goes to the dead-letter topic and its request or job fails (see
 *       {@link com.cyclefleet.worker.kafka.PoisonBreaker})</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_HEARTBEAT_MS}</td><td>3000</td><td>how often the worker sends a heartbeat
 *       (read by {@link com.cyclefleet.worker.ops.HeartbeatConfig})</td></tr>
 *   <tr><td>{@code CYCLEFLEET_WORKER_STOP_GRACE_S}</td><td>{@value #DEFAULT_STOP_GRACE_S}</td><td>on SIGTERM, how
 *       long a running train chunk may take to finish its iteration, write its checkpoint and commit, so its work
 *       is kept; past it the chunk is abandoned and redone elsewhere. Keep it below the platform's kill deadline
 *       (Kubernetes' {@code terminationGracePeriodSeconds}) by the time to leave the group</td></tr>
 * </table>
 *
 * @param kafkaBootstrap     Kafka bootstrap servers
 * @param storage            the object store
 * @param workerId           this worker's unique name
 * @param roles              the task kinds this worker consumes
 * @param httpHost           bind address of the health and metrics server
 * @param httpPort           port of the health and metrics server (0: any free port)
 * @param cacheDir           local dataset cache
 * @param modelCacheSize     loaded model versions kept for translation
 * @param translateMaxBatch  translate requests handled per poll
 * @param translateLinger    how long to gather more translate requests once some arrived (0: none)
 * @param pollTimeout        Kafka poll timeout
 * @param retryBackoff       pause before retrying after a transient storage failure
 * @param healthStaleAfter   a consumer that has not polled for this long is unhealthy
 * @param transactionTimeout Kafka transaction timeout
 * @param sessionTimeout     Kafka consumer session timeout: how soon a dead worker's partitions go to another
 * @param pixelBudget        most pixels of one decoded image
 * @param maxAttempts        starts of one task record that may die with the worker before it is dead-lettered
 * @param stopGrace          on a stop, how long a running chunk may take to be checkpointed and committed (0: it is
 *                           abandoned at once)
 */
public record WorkerConfig(
        String kafkaBootstrap,
        StorageConfig storage,
        String workerId,
        Set<WorkerRole> roles,
        String httpHost,
        int httpPort,
        Path cacheDir,
        int modelCacheSize,
        int translateMaxBatch,
        Duration translateLinger,
        Duration pollTimeout,
        Duration retryBackoff,
        Duration healthStaleAfter,
        Duration transactionTimeout,
        Duration sessionTimeout,
        PixelBudget pixelBudget,
        int maxAttempts,
        Duration stopGrace) {

    public static final String ENV_KAFKA_BOOTSTRAP = "CYCLEFLEET_KAFKA_BOOTSTRAP";
    public static final String ENV_WORKER_ID = "CYCLEFLEET_WORKER_ID";
    public static final String ENV_ROLES = "CYCLEFLEET_WORKER_ROLES";
    public static final String ENV_HTTP_HOST = "CYCLEFLEET_WORKER_HTTP_HOST";
    public static final String ENV_HTTP_PORT = "CYCLEFLEET_WORKER_HTTP_PORT";
    public static final String ENV_CACHE_DIR = "CYCLEFLEET_WORKER_CACHE_DIR";
    public static final String ENV_MODEL_CACHE_SIZE = "CYCLEFLEET_MODEL_CACHE_SIZE";
    public static final String ENV_TRANSLATE_MAX_BATCH = "CYCLEFLEET_TRANSLATE_MAX_BATCH";
    public static final String ENV_TRANSLATE_LINGER_MS = "CYCLEFLEET_TRANSLATE_LINGER_MS";
    public static final String ENV_POLL_MS = "CYCLEFLEET_WORKER_POLL_MS";
    public static final String ENV_RETRY_BACKOFF_MS = "CYCLEFLEET_WORKER_RETRY_BACKOFF_MS";
    public static final String ENV_HEALTH_STALE_S = "CYCLEFLEET_WORKER_HEALTH_STALE_S";
    public static final String ENV_TX_TIMEOUT_MS = "CYCLEFLEET_WORKER_TX_TIMEOUT_MS";
    public static final String ENV_SESSION_TIMEOUT_MS = "CYCLEFLEET_WORKER_SESSION_TIMEOUT_MS";
    public static final String ENV_MAX_PIXELS = "CYCLEFLEET_WORKER_MAX_PIXELS";
    public static final String ENV_MAX_ATTEMPTS = "CYCLEFLEET_WORKER_MAX_ATTEMPTS";
    public static final String ENV_STOP_GRACE_S = "CYCLEFLEET_WORKER_STOP_GRACE_S";

    public static final String DEFAULT_ROLES = "train,translate";
    public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
    /** Next to the coordinator's 8080; the Docker images and Kubernetes manifests probe this port. */
    public static final int DEFAULT_HTTP_PORT = 8081;
    /** A loaded 9-block generator pair is tens of MB; a handful of versions fits comfortably. */
    public static final int DEFAULT_MODEL_CACHE_SIZE = 4;
    /** Enough to fill the CPU at 256x256 without one poll holding many seconds of work. */
    public static final int DEFAULT_TRANSLATE_MAX_BATCH = 16;
    /** A few ms: gathers requests that arrive together into one batch without holding a lone one back long. */
    public static final long DEFAULT_TRANSLATE_LINGER_MS = 10;
    public static final long DEFAULT_POLL_MS = 500;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 2_000;
    /** Well above one poll timeout plus the longest translate batch. */
    public static final long DEFAULT_HEALTH_STALE_S = 120;
    /** Kafka's default; only matters when a worker dies between beginning and committing a transaction. */
    public static final long DEFAULT_TX_TIMEOUT_MS = 60_000;
    /** Kafka's default; lower it (not below the broker's group.min.session.timeout.ms, 6 s) to hand a killed
     *  worker's chunk to another worker sooner. */
    public static final long DEFAULT_SESSION_TIMEOUT_MS = 45_000;
    /** One death can be bad luck (a kill, a node lost); three at the same record are the record. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /**
     * Covers the running iteration plus the checkpoint write of the small configs on an idle CPU. The large ones
     * (9 blocks, ngf 64) took up to 257 s on a loaded 2-core CPU (`bench checkpoint`, docs/scaling.md), so the k8s
     * and compose train workers set 300 s, and their grace periods add the time to leave the group.
     */
    public static final long DEFAULT_STOP_GRACE_S = 90;
    private static final String CACHE_DIR_NAME = "cyclefleet-worker";
    private static final int MAX_PORT = 65_535;

    public WorkerConfig {
        requireText(kafkaBootstrap, ENV_KAFKA_BOOTSTRAP);
        if (storage == null) {
            throw new IllegalArgumentException("storage configuration is required");
        }
        requireText(workerId, ENV_WORKER_ID);
        if (!workerId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(ENV_WORKER_ID + " may only use letters, digits, '.', '_' and '-', was '"
                    + workerId + "'");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException(ENV_ROLES + " must name at least one of " + WorkerRole.wireNames());
        }
        roles = Set.copyOf(roles);
        requireText(httpHost, ENV_HTTP_HOST);
        if (httpPort < 0 || httpPort > MAX_PORT) {
            throw new IllegalArgumentException(ENV_HTTP_PORT + " must be in [0, " + MAX_PORT + "], was " + httpPort);
        }
        if (cacheDir == null) {
            throw new IllegalArgumentException(ENV_CACHE_DIR + " is required");
        }
        requirePositive(modelCacheSize, ENV_MODEL_CACHE_SIZE);
        requirePositive(translateMaxBatch, ENV_TRANSLATE_MAX_BATCH);
        if (translateLinger == null || translateLinger.isNegative()) {
            throw new IllegalArgumentException(ENV_TRANSLATE_LINGER_MS + " must be at least 0, was " + translateLinger);
        }
        requirePositive(pollTimeout.toMillis(), ENV_POLL_MS);
        requirePositive(retryBackoff.toMillis(), ENV_RETRY_BACKOFF_MS);
        requirePositive(healthStaleAfter.toSeconds(), ENV_HEALTH_STALE_S);
        requirePositive(transactionTimeout.toMillis(), ENV_TX_TIMEOUT_MS);
        requirePositive(sessionTimeout.toMillis(), ENV_SESSION_TIMEOUT_MS);
        if (pixelBudget == null) {
            throw new IllegalArgumentException(ENV_MAX_PIXELS + " is required");
        }
        requirePositive(maxAttempts, ENV_MAX_ATTEMPTS);
        if (stopGrace == null || stopGrace.isNegative()) {
            throw new IllegalArgumentException(ENV_STOP_GRACE_S + " must be at least 0, was " + stopGrace);
        }
    }

    /** Reads the process environment; see the class comment. */
    public static WorkerConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads the given variables; see the class comment. */
    public static WorkerConfig fromEnvironment(Map<String, String> env) {
        String bootstrap = env.get(ENV_KAFKA_BOOTSTRAP);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalStateException("environment variable " + ENV_KAFKA_BOOTSTRAP
                    + " is not set; the worker needs the Kafka bootstrap servers (host:port)");
        }
        String workerId = env.getOrDefault(ENV_WORKER_ID, defaultWorkerId());
        Path cacheDir = env.containsKey(ENV_CACHE_DIR) ? Path.of(env.get(ENV_CACHE_DIR))
                : Path.of(System.getProperty("java.io.tmpdir"), CACHE_DIR_NAME, workerId);
        return new WorkerConfig(
                bootstrap,
                StorageConfig.fromEnvironment(env),
                workerId,
                WorkerRole.parseList(env.getOrDefault(ENV_ROLES, DEFAULT_ROLES)),
                env.getOrDefault(ENV_HTTP_HOST, DEFAULT_HTTP_HOST),
                number(env, ENV_HTTP_PORT, DEFAULT_HTTP_PORT, Integer::parseInt),
                cacheDir,
                number(env, ENV_MODEL_CACHE_SIZE, DEFAULT_MODEL_CACHE_SIZE, Integer::parseInt),
                number(env, ENV_TRANSLATE_MAX_BATCH, DEFAULT_TRANSLATE_MAX_BATCH, Integer::parseInt),
                Duration.ofMillis(number(env, ENV_TRANSLATE_LINGER_MS, DEFAULT_TRANSLATE_LINGER_MS, Long::parseLong)),
                Duration.ofMillis(number(env, ENV_POLL_MS, DEFAULT_POLL_MS, Long::parseLong)),
                Duration.ofMillis(number(env, ENV_RETRY_BACKOFF_MS, DEFAULT_RETRY_BACKOFF_MS, Long::parseLong)),
                Duration.ofSeconds(number(env, ENV_HEALTH_STALE_S, DEFAULT_HEALTH_STALE_S, Long::parseLong)),
                Duration.ofMillis(number(env, ENV_TX_TIMEOUT_MS, DEFAULT_TX_TIMEOUT_MS, Long::parseLong)),
                Duration.ofMillis(number(env, ENV_SESSION_TIMEOUT_MS, DEFAULT_SESSION_TIMEOUT_MS, Long::parseLong)),
                pixelBudget(number(env, ENV_MAX_PIXELS, PixelBudget.DEFAULT_MAX_PIXELS, Long::parseLong)),
                number(env, ENV_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS, Integer::parseInt),
                Duration.ofSeconds(number(env, ENV_STOP_GRACE_S, DEFAULT_STOP_GRACE_S, Long::parseLong)));
    }

    private static PixelBudget pixelBudget(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException(ENV_MAX_PIXELS + " must be at least 1, was " + maxPixels);
        }
        return new PixelBudget(maxPixels);
    }

    /** The variables that make {@link #fromEnvironment(Map)} return this configuration (for child processes). */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(storage.toEnvironment());
        env.put(ENV_KAFKA_BOOTSTRAP, kafkaBootstrap);
        env.put(ENV_WORKER_ID, workerId);
        List<String> names = new ArrayList<>();
        for (WorkerRole role : EnumSet.copyOf(roles)) {
            names.add(role.wireName());
        }
        env.put(ENV_ROLES, String.join(",", names));
        env.put(ENV_HTTP_HOST, httpHost);
        env.put(ENV_HTTP_PORT, Integer.toString(httpPort));
        env.put(ENV_CACHE_DIR, cacheDir.toString());
        env.put(ENV_MODEL_CACHE_SIZE, Integer.toString(modelCacheSize));
        env.put(ENV_TRANSLATE_MAX_BATCH, Integer.toString(translateMaxBatch));
        env.put(ENV_TRANSLATE_LINGER_MS, Long.toString(translateLinger.toMillis()));
        env.put(ENV_POLL_MS, Long.toString(pollTimeout.toMillis()));
        env.put(ENV_RETRY_BACKOFF_MS, Long.toString(retryBackoff.toMillis()));
        env.put(ENV_HEALTH_STALE_S, Long.toString(healthStaleAfter.toSeconds()));
        env.put(ENV_TX_TIMEOUT_MS, Long.toString(transactionTimeout.toMillis()));
        env.put(ENV_SESSION_TIMEOUT_MS, Long.toString(sessionTimeout.toMillis()));
        env.put(ENV_MAX_PIXELS, Long.toString(pixelBudget.maxPixels()));
        env.put(ENV_MAX_ATTEMPTS, Integer.toString(maxAttempts));
        env.put(ENV_STOP_GRACE_S, Long.toString(stopGrace.toSeconds()));
        return env;
    }

    public boolean has(WorkerRole role) {
        return roles.contains(role);
    }

    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        String id = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-") + "-" + ProcessHandle.current().pid();
        return id;
    }

    private static <T> T number(Map<String, String> env, String name, T fallback, Function<String, T> parse) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parse.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static void requirePositive(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
