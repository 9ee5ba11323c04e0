package com.cyclefleet.devstack;

import com.cyclefleet.storage.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class S3ServerRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void objectsSurviveARestartAndCloseStopsTheServer() {
        byte[] content = "checkpoint".getBytes(StandardCharsets.UTF_8);
        S3Server first = S3Server.start(S3ServerConfig.defaults(dataDir));
        try (ObjectStore store = ObjectStore.connect(first.storageConfig())) {
            store.ensureBucket();
            store.put("jobs/j/checkpoints/iter-00000001.ckpt", content, "application/octet-stream");
        }
        first.close();
        assertFalse(first.isRunning());
        assertFalse(Ports.isOpen(first.port()));

        try (S3Server second = S3Server.start(S3ServerConfig.defaults(dataDir));
             ObjectStore store = ObjectStore.connect(second.storageConfig())) {
            assertArrayEquals(content, store.get("jobs/j/checkpoints/iter-00000001.ckpt"));
        }
    }
}
