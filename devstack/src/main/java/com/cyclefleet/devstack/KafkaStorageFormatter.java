package com.cyclefleet.devstack;

import org.apache.kafka.common.Uuid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Formats a KRaft log directory (Kafka 4 refuses to start on an unformatted one) by running the broker jars' own
 * {@code kafka.tools.StorageTool format -t <cluster id> -c server.properties} in a short-lived child JVM. A static
 * {@code controller.quorum.voters} needs no {@code --standalone} or {@code --initial-controllers} flag.
 */
final class KafkaStorageFormatter {

    /** Written by the format; its presence means the directory is formatted and holds the cluster id. */
    static final String META_PROPERTIES = "meta.properties";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    /** The tool only needs to write two small files. */
    private static final String TOOL_HEAP = "128m";
    private static final String FORMAT_LOG = "format.log";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(KafkaStorageFormatter.class.getName());

    private KafkaStorageFormatter() {
    }

    /** Formats {@code logDir} unless it already is; returns true when it formatted. */
    static boolean formatIfNeeded(Path logDir, Path serverProperties, String classpath, Path workDir) {
        if (Files.isRegularFile(logDir.resolve(META_PROPERTIES))) {
            return false;
        }
        String clusterId = Uuid.randomUuid().toString();
        List<String> command = JavaCommand.of(TOOL_HEAP, List.of("-cp", classpath, STORAGE_TOOL, "format",
                "-t", clusterId, "-c", serverProperties.toString()));
        Path log = workDir.resolve(FORMAT_LOG);
        try (ChildProcess tool = ChildProcess.start("Kafka storage format", command, workDir, log, Duration.ZERO)) {
            int exitCode = tool.awaitExit(FORMAT_TIMEOUT);
            if (exitCode != 0 || !Files.isRegularFile(logDir.resolve(META_PROPERTIES))) {
                throw tool.failure("formatting " + logDir + " failed with exit code " + exitCode);
            }
        }
        LOG.log(System.Logger.Level.INFO, "formatted KRaft log dir {0} with cluster id {1}", logDir, clusterId);
        return true;
    }
}
