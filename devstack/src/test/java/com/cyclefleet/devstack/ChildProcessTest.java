package com.cyclefleet.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildProcessTest {

    private static final Duration SHORT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void childThatDiesWhileStartingIsReportedWithItsLog() {
        ChildProcess child = ChildProcess.start("java -version", JavaCommand.of("32m", List.of("-version")), dir,
                dir.resolve("child.log"), Duration.ofSeconds(1));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> child.awaitReady(() -> false, SHORT));

        assertTrue(e.getMessage().startsWith("java -version exited with code 0 while starting"), e.getMessage());
        assertTrue(e.getMessage().contains("version \"" + Runtime.version().feature()), e.getMessage());
    }

    @Test
    void toolExitCodeIsReturned() {
        try (ChildProcess child = ChildProcess.start("bad java", JavaCommand.of("32m", List.of("-no-such-flag")), dir,
                dir.resolve("bad.log"), Duration.ofSeconds(1))) {
            assertEquals(1, child.awaitExit(SHORT));
            assertFalse(child.isAlive());
        }
    }

    @Test
    void closeStopsALongRunningChild() throws Exception {
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "60"), dir, dir.resolve("sleep.log"),
                Duration.ofSeconds(5));
        assertTrue(child.isAlive());

        child.close();

        assertFalse(child.isAlive());
    }
}
