package com.cyclefleet.storage;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageConfigTest {

    private static final Map<String, String> ENV = Map.of(
            StorageConfig.ENV_ENDPOINT, "http://127.0.0.1:9000",
            StorageConfig.ENV_ACCESS_KEY, "fleet",
            StorageConfig.ENV_SECRET_KEY, "s3cr3t-value");

    @Test
    void readsVariablesWithDefaults() {
        StorageConfig config = StorageConfig.fromEnvironment(ENV);

        assertEquals("http://127.0.0.1:9000", config.endpoint());
        assertEquals(StorageConfig.DEFAULT_BUCKET, config.bucket());
        assertEquals(StorageConfig.DEFAULT_REGION, config.region());
        assertEquals(config, StorageConfig.fromEnvironment(config.toEnvironment()));
    }

    @Test
    void missingVariableIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StorageConfig.fromEnvironment(Map.of(StorageConfig.ENV_ENDPOINT, "http://x:1")));
        assertTrue(e.getMessage().contains(StorageConfig.ENV_ACCESS_KEY), e.getMessage());
    }

    @Test
    void endpointMustBeAnHttpUrl() {
        assertThrows(IllegalArgumentException.class,
                () -> new StorageConfig("127.0.0.1:9000", "a", "s", "b", "us-east-1"));
    }

    @Test
    void secretIsNotPrinted() {
        assertFalse(StorageConfig.fromEnvironment(ENV).toString().contains("s3cr3t"));
    }
}
