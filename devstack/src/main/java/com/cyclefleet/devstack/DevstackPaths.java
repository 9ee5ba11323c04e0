package com.cyclefleet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the build put the servers' jars: {@code kafka-lib/} (the broker's classpath) and {@code s3proxy/s3proxy.jar},
 * both under devstack's {@code target} directory (maven-dependency-plugin copies them at process-resources).
 *
 * <p>Found from the system property {@value #DIR_PROPERTY} (that target directory) if set, else by walking up from
 * the working directory to the repository root, recognised by {@code devstack/pom.xml}, and using
 * {@code devstack/target}.
 *
 * @param targetDir devstack's build output directory
 */
public record DevstackPaths(Path targetDir) {

    /** System property naming devstack's target directory explicitly. */
    public static final String DIR_PROPERTY = "cyclefleet.devstack.dir";

    private static final String KAFKA_LIB = "kafka-lib";
    /** The jar whose presence shows the copy ran (the broker's entry point lives next to it in kafka_2.13). */
    private static final String KAFKA_SERVER_JAR_PREFIX = "kafka-server-";
    private static final String S3PROXY_JAR = "s3proxy/s3proxy.jar";
    private static final String BUILD_HINT = "build it with `mvn -pl devstack -am process-resources` "
            + "(any later phase such as test or install works too)";

    /** Locates the target directory as described in the class comment. */
    public static DevstackPaths locate() {
        String explicit = System.getProperty(DIR_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return new DevstackPaths(Path.of(explicit).toAbsolutePath().normalize());
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("devstack/pom.xml"))) {
                return new DevstackPaths(dir.resolve("devstack/target"));
            }
        }
        throw new IllegalStateException("cannot find the CycleFleet repository above " + start
                + " (no devstack/pom.xml); set -D" + DIR_PROPERTY + "=<path to devstack/target>");
    }

    /** The directory of the broker's jars; throws with a build hint when it is missing. */
    public Path kafkaLib() {
        Path lib = targetDir.resolve(KAFKA_LIB);
        if (!containsJarStartingWith(lib, KAFKA_SERVER_JAR_PREFIX)) {
            throw new IllegalStateException("Kafka broker jars not found in " + lib + "; " + BUILD_HINT);
        }
        return lib;
    }

    /** The broker's classpath: every jar in {@link #kafkaLib()} (a {@code dir/*} wildcard the JVM expands). */
    public String kafkaClasspath() {
        return kafkaLib().resolve("*").toString();
    }

    /** s3proxy's self-contained jar; throws with a build hint when it is missing. */
    public Path s3proxyJar() {
        Path jar = targetDir.resolve(S3PROXY_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy jar not found at " + jar + "; " + BUILD_HINT);
        }
        return jar;
    }

    private static boolean containsJarStartingWith(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).anyMatch(n -> n.startsWith(prefix) && n.endsWith(".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
