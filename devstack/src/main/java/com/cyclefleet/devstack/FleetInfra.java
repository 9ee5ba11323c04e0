package com.cyclefleet.devstack;

import com.cyclefleet.storage.StorageConfig;
import org.testcontainers.DockerClientFactory;

import java.util.Locale;

/**
 * A Kafka broker and an S3 store, ready for the fleet: every topic of
 * {@link com.cyclefleet.protocol.topic.Topics#all()} exists and so does the bucket of {@link #storageConfig()}.
 *
 * <p>{@link #start()} picks Testcontainers (the apache/kafka and MinIO images) when a Docker daemon answers, and the
 * embedded child-process servers otherwise. The system property or environment variable {@value #MODE_PROPERTY} /
 * {@value #MODE_ENV} ({@code auto}, {@code embedded} or {@code containers}) overrides the choice.
 */
public interface FleetInfra extends AutoCloseable {

    String MODE_PROPERTY = "cyclefleet.infra";
    String MODE_ENV = "CYCLEFLEET_INFRA";

    /** Kafka {@code bootstrap.servers}. */
    String kafkaBootstrap();

    /** How to reach the S3 store and its (existing) bucket. */
    StorageConfig storageConfig();

    /** What runs the servers, for logs. */
    String description();

    /** Stops the servers and removes whatever they stored for this run unless it was meant to persist. */
    @Override
    void close();

    /** Starts the infrastructure the environment allows; see the class comment. */
    static FleetInfra start() {
        System.Logger log = System.getLogger(FleetInfra.class.getName());
        String mode = configuredMode();
        boolean containers = switch (mode) {
            case "containers" -> true;
            case "embedded" -> false;
            case "auto" -> DockerClientFactory.instance().isDockerAvailable();
            default -> throw new IllegalArgumentException(MODE_PROPERTY + " must be auto, embedded or containers, was '"
                    + mode + "'");
        };
        FleetInfra infra = containers ? ContainerFleet.start() : EmbeddedFleet.startTemporary();
        log.log(System.Logger.Level.INFO, "fleet infrastructure ({0} mode): {1}", mode, infra.description());
        return infra;
    }

    private static String configuredMode() {
        String mode = System.getProperty(MODE_PROPERTY, System.getenv(MODE_ENV));
        return mode == null || mode.isBlank() ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
    }
}
