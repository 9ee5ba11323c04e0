package com.cyclefleet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) from the Kafka jars on Maven
 * Central, run as a child JVM ({@code java -cp devstack/target/kafka-lib/* kafka.Kafka server.properties}) so its
 * Scala and server jars never share a classpath with the coordinator or a worker.
 *
 * <p>Topics are not auto-created; create them with {@link com.cyclefleet.kafka.TopicInitializer}.
 */
public final class KafkaBroker extends ChildServer {

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

    private final int port;
    private final Path dataDir;
    /** The configuration with the ports actually taken, so a restart comes back where clients look for it. */
    private final KafkaBrokerConfig config;
    private final DevstackPaths paths;

    private KafkaBroker(ChildProcess process, int port, Path dataDir, KafkaBrokerConfig config, DevstackPaths paths) {
        super(process);
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
        ChildProcess process = launch("Kafka broker", JavaCommand.of(config.maxHeap(), args), dataDir,
                dataDir.resolve(BROKER_LOG), config.stopGrace(),
                () -> KafkaReadinessProbe.answers(port, PROBE_TIMEOUT), config.startTimeout(),
                Ports.LOOPBACK + ":" + port);
        return new KafkaBroker(process, port, dataDir, config.withPorts(port, controllerPort), paths);
    }

    /**
     * A new broker process on this one's data and ports, once this one has ended (crashed, killed or closed): the
     * clients reconnect to the same address and find their topics, offsets and transactions.
     */
    public KafkaBroker restart() {
        requireEnded();
        return start(config, paths);
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

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
