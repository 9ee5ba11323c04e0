package com.cyclefleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `-Pcuda` resolves ND4J's CUDA backend and compiles the worker against it. The build runs on a copy of the sources
 * so that it never touches this reactor's target folders (which hold the CPU build being tested).
 */
class CudaBuildTest {
    /** Modules the worker is built from; every other module only needs its pom for the reactor to load. */
    private static final List<String> WORKER_AND_DEPS = List.of("formats", "engine", "protocol", "kafka", "storage", "worker");
    /** Modules whose test jar others' tests use: their tests are compiled too, or the reactor cannot resolve it. */
    private static final List<String> TEST_JAR_PROVIDERS = List.of("formats");
    private static final long TIMEOUT_MINUTES = 20;

    @Test
    void workerCompilesAgainstTheCudaBackend(@TempDir Path copy) throws Exception {
        Path root = Repo.ROOT;
        copyFile(root, copy, "pom.xml");
        copyFile(root, copy, "mvnw");
        copyTree(root.resolve(".mvn"), copy.resolve(".mvn"));
        try (Stream<Path> modules = Files.list(root)) {
            for (Path m : modules.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).toList()) {
                String name = m.getFileName().toString();
                copyFile(root, copy, name + "/pom.xml");
                if (WORKER_AND_DEPS.contains(name)) {
                    copyTree(m.resolve("src/main"), copy.resolve(name).resolve("src/main"));
                }
                if (TEST_JAR_PROVIDERS.contains(name)) {
                    copyTree(m.resolve("src/test"), copy.resolve(name).resolve("src/test"));
                }
            }
        }
        Path log = copy.resolve("cuda-build.log");
        Process p = new ProcessBuilder("./mvnw", "-B", "-Pcuda", "-pl", "worker", "-am", "test-compile",
                "dependency:list", "-DincludeGroupIds=org.nd4j", "-DskipTests")
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES), "CUDA build did not finish");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), tail(out));
        assertTrue(out.contains("org.nd4j:nd4j-cuda-11.6:jar:linux-x86_64:1.0.0-M2.1"), tail(out));
        String workerSection = out.substring(out.lastIndexOf("cyclefleet-worker"));
        assertFalse(workerSection.matches("(?s).*org\\.nd4j:nd4j-native:jar:[^\\n]*:(compile|runtime).*"),
                "the CPU backend must not be on the CUDA worker's runtime classpath:\n" + tail(out));
        assertTrue(Files.isRegularFile(copy.resolve(
                "worker/target/classes/com/cyclefleet/worker/WorkerMain.class")), "worker compiled");
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 4000));
    }

    private static void copyFile(Path from, Path to, String rel) throws IOException {
        Files.createDirectories(to.resolve(rel).getParent());
        Files.copy(from.resolve(rel), to.resolve(rel), StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
