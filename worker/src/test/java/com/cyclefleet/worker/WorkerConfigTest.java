package com.cyclefleet.worker;

import com.cyclefleet.formats.image.PixelBudget;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("CYCLEFLEET_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        env.put("CYCLEFLEET_S3_ENDPOINT", "http://127.0.0.1:9000");
        env.put("CYCLEFLEET_S3_ACCESS_KEY", "a");
        env.put("CYCLEFLEET_S3_SECRET_KEY", "b");
        return env;
    }

    @Test
    void defaultsAndRoundTripThroughTheEnvironment() {
        WorkerConfig config = WorkerConfig.fromEnvironment(minimal());
        assertEquals(Set.of(WorkerRole.TRAIN, WorkerRole.TRANSLATE), config.roles());
        assertEquals(WorkerConfig.DEFAULT_HTTP_PORT, config.httpPort());
        assertEquals(WorkerConfig.DEFAULT_MODEL_CACHE_SIZE, config.modelCacheSize());
        assertEquals(Duration.ofMillis(WorkerConfig.DEFAULT_TRANSLATE_LINGER_MS), config.translateLinger());
        assertEquals(PixelBudget.DEFAULT, config.pixelBudget());
        assertEquals(WorkerConfig.DEFAULT_MAX_ATTEMPTS, config.maxAttempts());
        assertEquals(Duration.ofSeconds(WorkerConfig.DEFAULT_STOP_GRACE_S), config.stopGrace());
        assertTrue(config.cacheDir().endsWith(Path.of("cyclefleet-worker", config.workerId())));
        assertEquals(config, WorkerConfig.fromEnvironment(config.toEnvironment()));
    }

    @Test
    void readsEveryVariable() {
        Map<String, String> env = minimal();
        env.put("CYCLEFLEET_WORKER_ID", "w-7");
        env.put("CYCLEFLEET_WORKER_ROLES", "translate");
        env.put("CYCLEFLEET_WORKER_HTTP_PORT", "0");
        env.put("CYCLEFLEET_WORKER_CACHE_DIR", "/var/cache/cf");
        env.put("CYCLEFLEET_MODEL_CACHE_SIZE", "2");
        env.put("CYCLEFLEET_TRANSLATE_MAX_BATCH", "32");
        env.put("CYCLEFLEET_TRANSLATE_LINGER_MS", "0");
        env.put("CYCLEFLEET_WORKER_POLL_MS", "100");
        env.put("CYCLEFLEET_WORKER_SESSION_TIMEOUT_MS", "10000");
        env.put("CYCLEFLEET_WORKER_MAX_PIXELS", "65536");
        env.put("CYCLEFLEET_WORKER_MAX_ATTEMPTS", "5");
        env.put("CYCLEFLEET_WORKER_STOP_GRACE_S", "0");
        WorkerConfig config = WorkerConfig.fromEnvironment(env);
        assertEquals("w-7", config.workerId());
        assertEquals(Set.of(WorkerRole.TRANSLATE), config.roles());
        assertEquals(0, config.httpPort());
        assertEquals(Path.of("/var/cache/cf"), config.cacheDir());
        assertEquals(2, config.modelCacheSize());
        assertEquals(32, config.translateMaxBatch());
        assertEquals(Duration.ZERO, config.translateLinger());
        assertEquals(Duration.ofMillis(100), config.pollTimeout());
        assertEquals(Duration.ofSeconds(10), config.sessionTimeout());
        assertEquals(65536, config.pixelBudget().maxPixels());
        assertEquals(5, config.maxAttempts());
        assertEquals(Duration.ZERO, config.stopGrace());
    }

    @Test
    void rejectsBadValuesWithTheVariableName() {
        Map<String, String> env = minimal();
        env.put("CYCLEFLEET_TRANSLATE_MAX_BATCH", "lots");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromEnvironment(env))
                .getMessage().contains("CYCLEFLEET_TRANSLATE_MAX_BATCH"));
        env.remove("CYCLEFLEET_TRANSLATE_MAX_BATCH");
        env.put("CYCLEFLEET_TRANSLATE_LINGER_MS", "-1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromEnvironment(env))
                .getMessage().contains("CYCLEFLEET_TRANSLATE_LINGER_MS"));
        env.remove("CYCLEFLEET_TRANSLATE_LINGER_MS");
        env.put("CYCLEFLEET_WORKER_MAX_PIXELS", "0");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromEnvironment(env))
                .getMessage().contains("CYCLEFLEET_WORKER_MAX_PIXELS"));
        env.remove("CYCLEFLEET_WORKER_MAX_PIXELS");
        env.put("CYCLEFLEET_WORKER_MAX_ATTEMPTS", "0");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromEnvironment(env))
                .getMessage().contains("CYCLEFLEET_WORKER_MAX_ATTEMPTS"));
        env.remove("CYCLEFLEET_WORKER_MAX_ATTEMPTS");
        env.put("CYCLEFLEET_WORKER_STOP_GRACE_S", "-1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromEnvironment(env))
                .getMessage().contains("CYCLEFLEET_WORKER_STOP_GRACE_S"));
        env.remove("CYCLEFLEET_WORKER_STOP_GRACE_S");
        env.put("CYCLEFLEET_WORKER_ROLES", "train,paint");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromEnvironment(env))
                .getMessage().contains("paint"));
        env.remove("CYCLEFLEET_KAFKA_BOOTSTRAP");
        env.remove("CYCLEFLEET_WORKER_ROLES");
        assertTrue(assertThrows(IllegalStateException.class, () -> WorkerConfig.fromEnvironment(env))
                .getMessage().contains("CYCLEFLEET_KAFKA_BOOTSTRAP"));
    }
}
