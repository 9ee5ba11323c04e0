package com.cyclefleet.launcher;

import com.cyclefleet.devstack.ChildProcess;
import com.cyclefleet.devstack.DevstackPaths;
import com.cyclefleet.devstack.EmbeddedFleet;
import com.cyclefleet.devstack.JavaCommand;
import com.cyclefleet.devstack.Ports;
import com.cyclefleet.storage.StorageConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole fleet on this machine: the embedded KRaft broker and s3proxy (devstack), then the coordinator (Quarkus
 * fast-jar) and N workers as child JVMs, each started and waited for until ready (coordinator
 * {@code /q/health/ready}, worker {@code /health}). Their stdout/stderr go to {@code <logDir>/coordinator.log} and
 * {@code <logDir>/worker-<i>.log}; the broker and S3 server log into their data folders ({@code kafka/broker.log},
 * {@code s3/s3proxy.log}). {@link #close()} stops everything it started, newest first.
 */
public final class LocalFleet implements AutoCloseable {

    /** Fixed ports of {@code cyclefleet up}. Workers take consecutive ports from {@link #DEFAULT_WORKER_PORT}. */
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_S3_PORT = 19000;
    public static final int DEFAULT_COORDINATOR_PORT = 8080;
    public static final int DEFAULT_WORKER_PORT = 8081;

    private static final System.Logger LOG = System.getLogger(LocalFleet.class.getName());
    private static final String WORKER_MAIN = "com.cyclefleet.worker.WorkerMain";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /**
     * The worker's default stop grace ({@code WorkerConfig.DEFAULT_STOP_GRACE_S}, 90 s: a running chunk ends at its
     * next iteration and is checkpointed) plus 30 s to commit and leave the group, as the k8s
     * terminationGracePeriodSeconds allows; copied because the worker module is not on the launcher's run-time class
     * path. A worker still running after it is killed.
     */
    static final Duration WORKER_STOP_GRACE = Duration.ofSeconds(90 + 30);
    /** The worker's roles setting, {@code WorkerConfig.ENV_ROLES} (copied for the same reason). */
    static final String ENV_WORKER_ROLES = "CYCLEFLEET_WORKER_ROLES";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** How often the supervisor looks at each child: a death is noticed within this. */
    private static final Duration SUPERVISE_POLL = Duration.ofMillis(500);
    /** Before a child's port can be bound again after it died; a dead process's listening socket closes at once. */
    private static final Duration PORT_FREE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How to run the fleet.
     *
     * @param root             the repository root (worker/target and coordinator/target are found there)
     * @param dataDir          where the broker and S3 server keep data across runs; null: a temporary folder
     *                         deleted on close
     * @param logDir           the coordinator's and workers' logs
     * @param kafkaPort        broker client port (0: free port)
     * @param s3Port           S3 port (0: free port)
     * @param coordinatorPort  coordinator HTTP port (0: free port)
     * @param workerPort       first worker's /health and /metrics port, the next workers take the following ports
     *                         (0: free ports)
     * @param workers          how many workers
     * @param workerEnv        extra environment of every worker (e.g. CYCLEFLEET_WORKER_SESSION_TIMEOUT_MS)
     * @param coordinatorEnv   extra environment of the coordinator (e.g. CYCLEFLEET_JOBS_DEFAULT_CHUNK_ITERATIONS)
     * @param workerHeap       -Xmx of each worker (ND4J's arrays live off-heap)
     * @param coordinatorHeap  -Xmx of the coordinator
     * @param startTimeout     how long each child may take to become ready
     * @param workerCommandPrefix words put before each worker's java command (e.g. {@code taskset -c 1}); empty:
     *                         none
     * @param supervision      how to restart a child that dies (see {@link Supervisor}); null: nothing is restarted
     */
    public record Options(Path root, Path dataDir, Path logDir, int kafkaPort, int s3Port, int coordinatorPort,
                          int workerPort, int workers, Map<String, String> workerEnv,
                          Map<String, String> coordinatorEnv, String workerHeap, String coordinatorHeap,
                          Duration startTimeout, List<String> workerCommandPrefix, RestartBackoff supervision) {

        public Options {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0, was " + workers);
            }
            workerEnv = Map.copyOf(workerEnv);
            coordinatorEnv = Map.copyOf(coordinatorEnv);
            workerCommandPrefix = List.copyOf(workerCommandPrefix);
        }

        /** {@code cyclefleet up}: fixed ports, data kept in {@code .cyclefleet/data}, logs in {@code .cyclefleet/logs}. */
        public static Options up(Path root) {
            return new Options(root, root.resolve(".cyclefleet/data"), root.resolve(".cyclefleet/logs"),
                    DEFAULT_KAFKA_PORT, DEFAULT_S3_PORT, DEFAULT_COORDINATOR_PORT, DEFAULT_WORKER_PORT, 1, Map.of(),
                    Map.of(), "1g", "512m", Duration.ofSeconds(180), List.of(), RestartBackoff.defaults());
        }

        /** Tests and the demo: free ports, temporary data, the given log folder. */
        public static Options temporary(Path root, Path logDir, int workers) {
            return new Options(root, null, logDir, 0, 0, 0, 0, workers, Map.of(), Map.of(), "1g", "512m",
                    Duration.ofSeconds(180), List.of(), null);
        }

        public Options withWorkers(int n) {
            return new Options(root, dataDir, logDir, kafkaPort, s3Port, coordinatorPort, workerPort, n, workerEnv,
                    coordinatorEnv, workerHeap, coordinatorHeap, startTimeout,
                    workerCommandPrefix, supervision);
        }

        public Options withPorts(int kafka, int s3, int coordinator, int worker) {
            return new Options(root, dataDir, logDir, kafka, s3, coordinator, worker, workers, workerEnv,
                    coordinatorEnv, workerHeap, coordinatorHeap, startTimeout,
                    workerCommandPrefix, supervision);
        }

        public Options withDataDir(Path dir) {
            return new Options(root, dir, logDir, kafkaPort, s3Port, coordinatorPort, workerPort, workers, workerEnv,
                    coordinatorEnv, workerHeap, coordinatorHeap, startTimeout,
                    workerCommandPrefix, supervision);
        }

        public Options withWorkerEnv(Map<String, String> env) {
            Map<String, String> all = new LinkedHashMap<>(workerEnv);
            all.putAll(env);
            return new Options(root, dataDir, logDir, kafkaPort, s3Port, coordinatorPort, workerPort, workers, all,
                    coordinatorEnv, workerHeap, coordinatorHeap, startTimeout,
                    workerCommandPrefix, supervision);
        }

        public Options withCoordinatorEnv(Map<String, String> env) {
            Map<String, String> all = new LinkedHashMap<>(coordinatorEnv);
            all.putAll(env);
            return new Options(root, dataDir, logDir, kafkaPort, s3Port, coordinatorPort, workerPort, workers,
                    workerEnv, all, workerHeap, coordinatorHeap, startTimeout,
                    workerCommandPrefix, supervision);
        }

        /** Runs every worker's java command behind {@code prefix}, e.g. {@code taskset -c 1} to pin it to CPU 1. */
        public Options withWorkerCommandPrefix(List<String> prefix) {
            return new Options(root, dataDir, logDir, kafkaPort, s3Port, coordinatorPort, workerPort, workers,
                    workerEnv, coordinatorEnv, workerHeap, coordinatorHeap, startTimeout, prefix, supervision);
        }

        /** Restarts children that die with {@code backoff}; null turns supervision off. */
        public Options withSupervision(RestartBackoff backoff) {
            return new Options(root, dataDir, logDir, kafkaPort, s3Port, coordinatorPort, workerPort, workers,
                    workerEnv, coordinatorEnv, workerHeap, coordinatorHeap, startTimeout, workerCommandPrefix,
                    backoff);
        }
    }

    /** One worker child: its id, port and process (null while stopped). */
    public static final class WorkerHandle {
        private final int index;
        private final String id;
        private final int port;
        private final String roles;
        private volatile ChildProcess process;
        private int starts;

        WorkerHandle(int index, String id, int port, String roles) {
            this.index = index;
            this.id = id;
            this.port = port;
            this.roles = roles;
        }

        /** {@code CYCLEFLEET_WORKER_ROLES} of this worker; null: the worker's default (every role). */
        public String roles() {
            return roles;
        }

        public int index() {
            return index;
        }

        public String id() {
            return id;
        }

        public int port() {
            return port;
        }

        public String url() {
            return "http://" + Ports.LOOPBACK + ":" + port;
        }

        public boolean isAlive() {
            ChildProcess p = process;
            return p != null && p.isAlive();
        }

        public long pid() {
            return process.pid();
        }

        public Path logFile() {
            return process.logFile();
        }
    }

    private final Options options;
    private final EmbeddedFleet infra;
    private final int coordinatorPort;
    /** Changed by {@link #addWorker} and {@link #stopWorker} (the autoscaler's thread) while others read it. */
    private final List<WorkerHandle> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger nextWorkerIndex = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String runTag;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    private volatile ChildProcess coordinator;
    private int coordinatorStarts;
    private volatile Supervisor supervisor;
    /** Set while {@link #restartCoordinator()} replaces the coordinator, so the supervisor does not race it. */
    private volatile boolean replacingCoordinator;
    private final List<String> supervisionLines = new java.util.concurrent.CopyOnWriteArrayList<>();

    private LocalFleet(Options options, EmbeddedFleet infra, int coordinatorPort) {
        this.options = options;
        this.infra = infra;
        this.coordinatorPort = coordinatorPort;
    }

    /** Starts everything and waits until each part is ready; on failure stops what it started and rethrows. */
    public static LocalFleet start(Options options) {
        Path root = options.root().toAbsolutePath().normalize();
        requireBuilt(root);
        if (System.getProperty(DevstackPaths.DIR_PROPERTY) == null) {
            System.setProperty(DevstackPaths.DIR_PROPERTY, root.resolve("devstack/target").toString());
        }
        // fail before starting anything when a fixed port is taken
        int coordinatorPort = Ports.reserve(options.coordinatorPort(), "the coordinator");
        List<Integer> workerPorts = new ArrayList<>();
        for (int i = 0; i < options.workers(); i++) {
            workerPorts.add(options.workerPort() == 0 ? 0 : options.workerPort() + i);
        }
        for (int i = 0; i < workerPorts.size(); i++) {
            workerPorts.set(i, Ports.reserve(workerPorts.get(i), "worker " + i));
        }
        if (options.kafkaPort() != 0) {
            Ports.reserve(options.kafkaPort(), "the Kafka broker");
        }
        if (options.s3Port() != 0) {
            Ports.reserve(options.s3Port(), "the S3 server");
        }
        EmbeddedFleet infra = options.dataDir() == null ? EmbeddedFleet.startTemporary()
                : EmbeddedFleet.startPersistent(options.dataDir().toAbsolutePath(), options.kafkaPort(),
                options.s3Port());
        LocalFleet fleet = new LocalFleet(options, infra, coordinatorPort);
        try {
            fleet.startCoordinator();
            fleet.runTag = Long.toString(ProcessHandle.current().pid());
            for (int i = 0; i < workerPorts.size(); i++) {
                fleet.workers.add(fleet.newHandle(workerPorts.get(i), null));
            }
            // start all workers, then wait for all: their JVM and ND4J start-ups overlap
            for (WorkerHandle w : fleet.workers) {
                fleet.launchWorker(w);
            }
            for (WorkerHandle w : fleet.workers) {
                fleet.awaitWorker(w);
            }
            if (options.supervision() != null) {
                fleet.supervisor = new Supervisor(fleet.supervisedChildren(), options.supervision(), SUPERVISE_POLL,
                        fleet::reportSupervision, java.time.Clock.systemUTC()).start();
            }
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    public String coordinatorUrl() {
        return "http://" + Ports.LOOPBACK + ":" + coordinatorPort;
    }

    public int coordinatorPort() {
        return coordinatorPort;
    }

    public String kafkaBootstrap() {
        return infra.kafkaBootstrap();
    }

    public StorageConfig storage() {
        return infra.storageConfig();
    }

    public EmbeddedFleet infra() {
        return infra;
    }

    public Options options() {
        return options;
    }

    public List<WorkerHandle> workers() {
        return Collections.unmodifiableList(workers);
    }

    /** The running coordinator's log: coordinator.log, coordinator.restart1.log after the first restart, ... */
    public Path coordinatorLog() {
        return options.logDir().resolve("coordinator" + (coordinatorStarts <= 1 ? "" : ".restart"
                + (coordinatorStarts - 1)) + ".log");
    }

    /** What the supervisor did so far, one line per action (also printed to stderr). */
    public List<String> supervisionLines() {
        return List.copyOf(supervisionLines);
    }

    /** How often the supervisor has restarted the named child ({@code worker <id>}, {@code Kafka broker}, ...). */
    public int restarts(String child) {
        Supervisor s = supervisor;
        return s == null ? 0 : s.restarts(child);
    }

    /** Kills the Kafka broker at once (SIGKILL, as in a crash). Under supervision it comes back on its own. */
    public void killBroker() {
        infra.broker().kill();
    }

    /** Kills worker {@code index} at once (SIGKILL via Process.destroyForcibly: no shutdown hook, no goodbye). */
    public void killWorker(int index) {
        WorkerHandle w = workers.get(index);
        ChildProcess p = w.process;
        if (p != null) {
            p.kill();
        }
    }

    /**
     * Starts one more worker with the given roles on a free port and waits until it is healthy. Not supervised: the
     * autoscaler that adds workers also replaces those that die.
     */
    public WorkerHandle addWorker(String roles) {
        WorkerHandle w = newHandle(Ports.free(), roles);
        workers.add(w);
        try {
            launchWorker(w);
            awaitWorker(w);
            return w;
        } catch (RuntimeException e) {
            stopWorker(w);
            throw e;
        }
    }

    /**
     * Stops a worker as Kubernetes does (SIGTERM; SIGKILL after {@link #WORKER_STOP_GRACE}) and forgets it. A
     * translate worker finishes and commits its batch in flight; a train worker checkpoints its chunk.
     */
    public void stopWorker(WorkerHandle w) {
        ChildProcess p = w.process;
        if (p != null) {
            p.close();
        }
        workers.remove(w);
    }

    private WorkerHandle newHandle(int port, String roles) {
        int i = nextWorkerIndex.getAndIncrement();
        return new WorkerHandle(i, "local-worker-" + i + "-" + runTag, port, roles);
    }

    /** Starts worker {@code index} again (same id and port) and waits until it is healthy. */
    public void startWorker(int index) {
        WorkerHandle w = workers.get(index);
        if (w.isAlive()) {
            throw new IllegalStateException("worker " + index + " is running");
        }
        launchWorker(w);
        awaitWorker(w);
    }

    /** Stops the coordinator cleanly (SIGTERM) and starts it again on the same port; waits until it is ready. */
    public void restartCoordinator() {
        replacingCoordinator = true;
        try {
            ChildProcess old = coordinator;
            if (old != null) {
                old.close();
            }
            awaitPortFree(coordinatorPort);
            startCoordinator();
        } finally {
            replacingCoordinator = false;
        }
    }

    /** Stops the workers, the coordinator, then the broker and S3 server. */
    @Override
    public void close() {
        RuntimeException failure = null;
        Supervisor s = supervisor;
        if (s != null) {
            // first, so that stopping the children below is not taken for deaths to repair
            s.close();
        }
        for (WorkerHandle w : workers) {
            ChildProcess p = w.process;
            if (p != null) {
                try {
                    p.close();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        }
        ChildProcess c = coordinator;
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        try {
            infra.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Infrastructure first: after a shared cause, what the others depend on is restarted first. */
    private List<Supervisor.Child> supervisedChildren() {
        List<Supervisor.Child> children = new ArrayList<>();
        children.add(new Supervisor.Child("Kafka broker", () -> infra.broker().isRunning(),
                () -> infra.broker().exitCode(), infra::restartBroker));
        children.add(new Supervisor.Child("S3 server", () -> infra.s3().isRunning(),
                () -> infra.s3().exitCode(), infra::restartS3));
        children.add(new Supervisor.Child("coordinator", () -> replacingCoordinator || coordinator.isAlive(),
                () -> coordinator.exitCode(), () -> {
                    awaitPortFree(coordinatorPort);
                    startCoordinator();
                }));
        for (WorkerHandle w : workers) {
            children.add(new Supervisor.Child("worker " + w.id, w::isAlive, () -> w.process.exitCode(), () -> {
                awaitPortFree(w.port);
                launchWorker(w);
                awaitWorker(w);
            }));
        }
        return children;
    }

    private void reportSupervision(String line) {
        String stamped = "supervisor: " + line;
        supervisionLines.add(stamped);
        System.err.println(stamped);
    }

    private void startCoordinator() {
        Path jar = options.root().resolve("coordinator/target/quarkus-app/quarkus-run.jar");
        Map<String, String> env = new LinkedHashMap<>(infra.storageConfig().toEnvironment());
        env.put("CYCLEFLEET_KAFKA_BOOTSTRAP", infra.kafkaBootstrap());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(coordinatorPort));
        env.put("QUARKUS_HTTP_HOST", Ports.LOOPBACK);
        env.putAll(options.coordinatorEnv());
        List<String> command = JavaCommand.of(options.coordinatorHeap(), List.of("-jar", jar.toString()));
        coordinatorStarts++;
        ChildProcess child = ChildProcess.start("coordinator", command, env, options.root(), coordinatorLog(),
                STOP_GRACE);
        coordinator = child;
        long t0 = System.nanoTime();
        child.awaitReady(() -> ok(coordinatorUrl() + "/q/health/ready"), options.startTimeout());
        LOG.log(System.Logger.Level.INFO, "coordinator ready at {0} in {1} ms", coordinatorUrl(),
                String.valueOf((System.nanoTime() - t0) / 1_000_000));
    }

    private void launchWorker(WorkerHandle w) {
        Path root = options.root();
        String classpath = root.resolve("worker/target/classes") + java.io.File.pathSeparator
                + root.resolve("worker/target/lib").resolve("*");
        Map<String, String> env = new LinkedHashMap<>(infra.storageConfig().toEnvironment());
        env.put("CYCLEFLEET_KAFKA_BOOTSTRAP", infra.kafkaBootstrap());
        env.put("CYCLEFLEET_WORKER_ID", w.id);
        if (w.roles != null) {
            env.put(ENV_WORKER_ROLES, w.roles);
        }
        env.put("CYCLEFLEET_WORKER_HTTP_HOST", Ports.LOOPBACK);
        env.put("CYCLEFLEET_WORKER_HTTP_PORT", Integer.toString(w.port));
        env.put("CYCLEFLEET_WORKER_CACHE_DIR", options.logDir().getParent().resolve("worker-cache")
                .resolve(w.id).toString());
        env.putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        env.putAll(options.workerEnv());
        List<String> command = new ArrayList<>(options.workerCommandPrefix());
        command.addAll(JavaCommand.of(options.workerHeap(), List.of(
                "-Dorg.bytedeco.javacpp.cachedir=" + Path.of(System.getProperty("user.home"), ".javacpp", "cache"),
                "-cp", classpath, WORKER_MAIN)));
        // a restarted worker logs to a new file, so the killed one's log is kept
        String log = "worker-" + w.index + (w.starts == 0 ? "" : ".restart" + w.starts) + ".log";
        w.starts++;
        w.process = ChildProcess.start("worker " + w.id, command, env, root, options.logDir().resolve(log),
                WORKER_STOP_GRACE);
    }

    private void awaitWorker(WorkerHandle w) {
        long t0 = System.nanoTime();
        w.process.awaitReady(() -> ok(w.url() + "/health"), options.startTimeout());
        LOG.log(System.Logger.Level.INFO, "worker {0} healthy at {1} in {2} ms", w.id, w.url(),
                String.valueOf((System.nanoTime() - t0) / 1_000_000));
    }

    private boolean ok(String url) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(PROBE_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing " + url, e);
        }
    }

    private static void awaitPortFree(int port) {
        long deadline = System.nanoTime() + PORT_FREE_TIMEOUT.toNanos();
        while (Ports.isOpen(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("port " + port + " still in use " + PORT_FREE_TIMEOUT.toSeconds()
                        + " s after its process stopped");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The repository root: system property {@code cyclefleet.root}, else the first parent holding devstack/pom.xml. */
    public static Path repositoryRoot() {
        String explicit = System.getProperty("cyclefleet.root");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("devstack/pom.xml")) && Files.isDirectory(dir.resolve("worker"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the CycleFleet repository above " + start
                + "; set -Dcyclefleet.root=<repository root>");
    }

    private static void requireBuilt(Path root) {
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(root.resolve("coordinator/target/quarkus-app/quarkus-run.jar"))) {
            missing.add("coordinator/target/quarkus-app/quarkus-run.jar");
        }
        if (!Files.isDirectory(root.resolve("worker/target/classes/com/cyclefleet/worker"))) {
            missing.add("worker/target/classes");
        }
        if (!Files.isDirectory(root.resolve("worker/target/lib"))) {
            missing.add("worker/target/lib");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not built: " + String.join(", ", missing) + " under " + root
                    + "; run `mvn -B -DskipTests -pl launcher -am package` (./cyclefleet up does it for you)");
        }
    }
}
