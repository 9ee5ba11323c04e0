package com.cyclefleet.devstack;

import com.cyclefleet.storage.StorageConfig;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka and MinIO in Docker containers (Testcontainers), for machines with a Docker daemon. Containers are removed
 * on {@link #close()} (and by Testcontainers' reaper if this JVM dies).
 */
public final class ContainerFleet implements FleetInfra {

    /** The apache/kafka image of the Kafka version the clients use (io.quarkus:quarkus-bom pins it). */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    /** The MinIO release the Testcontainers documentation uses. */
    public static final String MINIO_IMAGE = "minio/minio:RELEASE.2023-09-04T19-57-37Z";

    private final KafkaContainer kafka;
    private final MinIOContainer minio;

    private ContainerFleet(KafkaContainer kafka, MinIOContainer minio) {
        this.kafka = kafka;
        this.minio = minio;
    }

    /** Starts both containers and creates the topics and the bucket. */
    public static ContainerFleet start() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                // the same broker settings as the embedded one (see BrokerProperties)
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1");
        MinIOContainer minio = new MinIOContainer(MINIO_IMAGE)
                .withUserName(S3ServerConfig.DEV_ACCESS_KEY)
                .withPassword(S3ServerConfig.DEV_SECRET_KEY);
        try {
            kafka.start();
            minio.start();
            ContainerFleet fleet = new ContainerFleet(kafka, minio);
            FleetSetup.prepare(fleet.kafkaBootstrap(), fleet.storageConfig());
            return fleet;
        } catch (RuntimeException e) {
            kafka.stop();
            minio.stop();
            throw e;
        }
    }

    @Override
    public String kafkaBootstrap() {
        return kafka.getBootstrapServers();
    }

    @Override
    public StorageConfig storageConfig() {
        return new StorageConfig(minio.getS3URL(), minio.getUserName(), minio.getPassword(),
                StorageConfig.DEFAULT_BUCKET, StorageConfig.DEFAULT_REGION);
    }

    @Override
    public String description() {
        return "Testcontainers " + KAFKA_IMAGE + " at " + kafkaBootstrap() + " and " + MINIO_IMAGE + " at "
                + minio.getS3URL();
    }

    @Override
    public void close() {
        kafka.stop();
        minio.stop();
    }
}
