package com.cyclefleet.devstack;

import com.cyclefleet.storage.StorageConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded broker and S3 server as one {@link FleetInfra}, with their data under one directory:
 * {@code kafka/} and {@code s3/}.
 */
public final class EmbeddedFleet implements FleetInfra {

    private static final String TEMP_PREFIX = "cyclefleet-devstack-";

    private volatile KafkaBroker broker;
    private volatile S3Server s3;
    private final Path dataDir;
    private final boolean deleteOnClose;

    private EmbeddedFleet(KafkaBroker broker, S3Server s3, Path dataDir, boolean deleteOnClose) {
        this.broker = broker;
        this.s3 = s3;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
    }

    /** Servers on free ports with data in a new temporary directory that {@link #close()} deletes (for tests). */
    public static EmbeddedFleet startTemporary() {
        try {
            Path dir = Files.createTempDirectory(TEMP_PREFIX);
            return start(KafkaBrokerConfig.defaults(dir.resolve("kafka")), S3ServerConfig.defaults(dir.resolve("s3")),
                    dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary devstack directory", e);
        }
    }

    /**
     * Servers with data kept in {@code dataDir} across restarts (for {@code cyclefleet up}).
     *
     * @param kafkaPort client port of the broker, 0 for a free one
     * @param s3Port    port of the S3 server, 0 for a free one
     */
    public static EmbeddedFleet startPersistent(Path dataDir, int kafkaPort, int s3Port) {
        return start(KafkaBrokerConfig.defaults(dataDir.resolve("kafka")).withPorts(kafkaPort, 0),
                S3ServerConfig.defaults(dataDir.resolve("s3")).withPort(s3Port), dataDir, false);
    }

    /** Servers from explicit configurations; {@code deleteOnClose} removes {@code dataDir} after stopping them. */
    public static EmbeddedFleet start(KafkaBrokerConfig kafka, S3ServerConfig s3Config, Path dataDir,
                                      boolean deleteOnClose) {
        if (deleteOnClose) {
            ChildReaper.deleteAtExit(dataDir);
        }
        S3Server s3 = null;
        KafkaBroker broker = null;
        try {
            s3 = S3Server.start(s3Config);
            broker = KafkaBroker.start(kafka);
            FleetSetup.prepare(broker.bootstrapServers(), s3.storageConfig());
            return new EmbeddedFleet(broker, s3, dataDir, deleteOnClose);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            if (s3 != null) {
                s3.close();
            }
            if (deleteOnClose) {
                deleteData(dataDir);
            }
            throw e;
        }
    }

    @Override
    public String kafkaBootstrap() {
        return broker.bootstrapServers();
    }

    @Override
    public StorageConfig storageConfig() {
        return s3.storageConfig();
    }

    @Override
    public String description() {
        return "embedded Kafka broker at " + broker.bootstrapServers() + " (pid " + broker.pid() + ") and s3proxy at "
                + s3.endpoint() + " (pid " + s3.pid() + "), data in " + dataDir
                + (deleteOnClose ? " (deleted on close)" : "");
    }

    public KafkaBroker broker() {
        return broker;
    }

    public S3Server s3() {
        return s3;
    }

    /** Starts the broker again on the same data and port after it ended, and waits until it answers. */
    public synchronized void restartBroker() {
        broker = broker.restart();
    }

    /** Starts the S3 server again on the same data and port after it ended, and waits until it answers. */
    public synchronized void restartS3() {
        s3 = s3.restart();
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        broker.close();
        s3.close();
        if (deleteOnClose) {
            deleteData(dataDir);
        }
    }

    private static void deleteData(Path dir) {
        Directories.deleteRecursively(dir);
        ChildReaper.forget(dir);
    }
}
