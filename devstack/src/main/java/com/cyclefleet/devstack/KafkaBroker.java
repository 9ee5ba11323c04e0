package com.cyclefleet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) from the Kafka jars on Maven
 * Central, run as a child JVM ({@code java -cp devstack/target/kafka-lib/* kafka.Kafka server.properties}) so its
 * Scala and server jars never share a classpath with the coordinator or a worker.
 *
 * <p>Topics are not auto-created; create them with {@link com.cyclefleet.kafka.TopicInitializer}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String MAIN_CLASS = "kafka.Kafka";
    private static final String LOG_DIR = "kraft-logs";
    private static final String SERVER_PROPERTIES = "server.properties";
    private static final String BROKER_LOG = "broker.log";
    /** One readiness probe must not outlast the poll loop by much, or a dying broker is noticed late. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /**
     * The broker logs through slf4j-simple to stderr, which goes to broker.log; INFO keeps the startup story for
     * failure reports without the DEBUG flood.
     */
    private static final List<String> LOGGING_FLAGS = List.of(
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

    private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());

    private final ChildProcess process;
    private final int port;
    private final Path dataDir;
    /** The configuration with the ports actually taken, so a restart comes back where clients look for it. */
    private final KafkaBrokerConfig config;
    private final DevstackPaths paths;

    private KafkaBroker(ChildProcess process, int port, Path dataDir, KafkaBrokerConfig config, DevstackPaths paths) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.config = config;
        this.paths = paths;
    }

    /** Starts a broker with the jars {@link DevstackPaths#locate()} finds. */
    public static KafkaBroker start(KafkaBrokerConfig config) {
        return start(config, DevstackPaths.locate());
    }

    /**
     * Formats the data directory if it is new, starts the broker and waits until it answers requests.
     *
     * @throws IllegalStateException if the broker exits or does not answer in time; the message quotes its log
     */
    public static KafkaBroker start(KafkaBrokerConfig config, DevstackPaths paths) {
        long started = System.nanoTime();
        String classpath = paths.kafkaClasspath();
        Path dataDir = config.dataDir().toAbsolutePath();
        Path logDir = dataDir.resolve(LOG_DIR);
        Path serverProperties = dataDir.resolve(SERVER_PROPERTIES);
        createDirectories(logDir);

        int port = Ports.reserve(config.port(), "Kafka broker");
        int controllerPort = Ports.reserve(config.controllerPort(), "Kafka controller");
        PropertiesFiles.write(BrokerProperties.of(logDir, port, controllerPort), serverProperties);
        KafkaStorageFormatter.formatIfNeeded(logDir, serverProperties, classpath, dataDir);

        List<String> args = new ArrayList<>(LOGGING_FLAGS);
        args.addAll(List.of("-cp", classpath, MAIN_CLASS, serverProperties.toString()));
        ChildProcess process = ChildProcess.start("Kafka broker", JavaCommand.of(config.maxHeap(), args), dataDir,
                dataDir.resolve(BROKER_LOG), config.stopGrace());
        String bootstrap = Ports.LOOPBACK + ":" + port;
        try {
            process.awaitReady(() -> KafkaReadinessProbe.answers(port, PROBE_TIMEOUT), config.startTimeout());
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "Kafka broker ready at {0} in {1} ms (data in {2})", bootstrap,
                String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)), dataDir);
        return new KafkaBroker(process, port, dataDir, config.withPorts(port, controllerPort), paths);
    }

    /**
     * A new broker process on this one's data and ports, once this one has ended (crashed, killed or closed): the
     * clients reconnect to the same address and find their topics, offsets and transactions.
     */
    public KafkaBroker restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("the Kafka broker (pid " + process.pid() + ") is still running");
        }
        return start(config, paths);
    }

    /** Kills the broker at once (SIGKILL: no controlled shutdown, as in a crash). */
    public void kill() {
        process.kill();
    }

    /** The exit code once the broker has ended; empty while it runs. */
    public java.util.OptionalInt exitCode() {
        return process.exitCode();
    }

    /** {@code 127.0.0.1:<port>}, for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return process.logFile();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Shuts the broker down cleanly (killing it after the grace period). The data directory is kept. */
    @Override
    public void close() {
        process.close();
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
