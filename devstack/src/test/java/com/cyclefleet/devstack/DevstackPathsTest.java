package com.cyclefleet.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevstackPathsTest {

    @Test
    void buildCopiedTheServerJars() {
        DevstackPaths paths = DevstackPaths.locate();

        assertTrue(Files.isDirectory(paths.kafkaLib()));
        assertTrue(Files.isRegularFile(paths.s3proxyJar()));
    }

    @Test
    void withoutThePropertyTheRepositoryIsFoundAboveTheWorkingDirectory() {
        String explicit = System.clearProperty(DevstackPaths.DIR_PROPERTY);
        try {
            // surefire runs in devstack/, so the walk finds the repository root one level up
            Path expected = Path.of("").toAbsolutePath().getParent().resolve("devstack/target");
            assertEquals(expected, DevstackPaths.locate().targetDir());
        } finally {
            if (explicit != null) {
                System.setProperty(DevstackPaths.DIR_PROPERTY, explicit);
            }
        }
    }

    @Test
    void missingJarsGiveABuildHint(@TempDir Path empty) {
        DevstackPaths paths = new DevstackPaths(empty);

        IllegalStateException e = assertThrows(IllegalStateException.class, paths::kafkaLib);
        assertTrue(e.getMessage().contains("mvn -pl devstack -am process-resources"), e.getMessage());
        assertThrows(IllegalStateException.class, paths::s3proxyJar);
    }
}
