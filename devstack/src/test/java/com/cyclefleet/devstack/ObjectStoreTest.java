package com.cyclefleet.devstack;

import com.cyclefleet.protocol.Domain;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.ObjectStore;
import com.cyclefleet.storage.StorageConfig;
import com.cyclefleet.storage.StorageException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ObjectStore against a real S3 server (s3proxy in a child process); lives here to keep storage free of devstack. */
class ObjectStoreTest {

    private static final String BUCKET = "store-test";
    private static final byte[] PNG_BYTES = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

    @TempDir
    static Path dataDir;
    private static S3Server server;
    private static ObjectStore store;

    @BeforeAll
    static void startServer() {
        server = S3Server.start(S3ServerConfig.defaults(dataDir));
        store = ObjectStore.connect(server.storageConfig(BUCKET));
        store.ensureBucket();
    }

    @AfterAll
    static void stopServer() {
        store.close();
        server.close();
    }

    @Test
    void ensureBucketIsIdempotent() {
        store.ensureBucket();
        assertTrue(store.bucketExists());
    }

    @Test
    void putGetExistsSizeDelete() {
        String key = ObjectLayout.translationInput("req-put");
        store.put(key, PNG_BYTES, "image/png");

        assertArrayEquals(PNG_BYTES, store.get(key));
        assertTrue(store.exists(key));
        assertEquals(PNG_BYTES.length, store.size(key));

        store.delete(key);
        assertFalse(store.exists(key));
        store.delete(key); // deleting a missing key is fine: retries stay idempotent
    }

    @Test
    void listIsRecursiveSortedAndLimitedToThePrefix() {
        store.put(ObjectLayout.checkpoint("job-list", 200), PNG_BYTES, "application/octet-stream");
        store.put(ObjectLayout.checkpoint("job-list", 100), PNG_BYTES, "application/octet-stream");
        store.put(ObjectLayout.sample("job-list", 100), PNG_BYTES, "image/png");
        store.put(ObjectLayout.checkpoint("job-other", 100), PNG_BYTES, "application/octet-stream");

        assertEquals(List.of(ObjectLayout.checkpoint("job-list", 100), ObjectLayout.checkpoint("job-list", 200),
                ObjectLayout.sample("job-list", 100)), store.list(ObjectLayout.jobPrefix("job-list")));
        assertEquals(List.of(), store.list("nothing-here/"));
        assertEquals(java.util.Map.of(ObjectLayout.checkpoint("job-list", 100), (long) PNG_BYTES.length,
                ObjectLayout.checkpoint("job-list", 200), (long) PNG_BYTES.length,
                ObjectLayout.sample("job-list", 100), (long) PNG_BYTES.length),
                store.sizes(ObjectLayout.jobPrefix("job-list")));
        // the bounded listing: the same order, cut at max
        assertEquals(List.of(ObjectLayout.checkpoint("job-list", 100), ObjectLayout.checkpoint("job-list", 200)),
                store.firstKeys(ObjectLayout.jobPrefix("job-list"), 2));
        assertEquals(List.of(ObjectLayout.checkpoint("job-list", 100)),
                store.firstKeys(ObjectLayout.jobPrefix("job-list"), 1));
        assertEquals(store.list(ObjectLayout.jobPrefix("job-list")),
                store.firstKeys(ObjectLayout.jobPrefix("job-list"), 10));
        assertEquals(List.of(), store.firstKeys(ObjectLayout.jobPrefix("job-list"), 0));
    }

    @Test
    void fileUploadAndStreamingDownload(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("zebra.png");
        Files.write(file, PNG_BYTES);
        String key = ObjectLayout.datasetImage("h2z", Domain.B, "zebra.png");

        store.put(key, file);

        try (InputStream in = store.open(key)) {
            assertArrayEquals(PNG_BYTES, in.readAllBytes());
        }
    }

    @Test
    void copyAndDeletePrefix() {
        String source = ObjectLayout.modelArtifact("model-copy", 1);
        String target = ObjectLayout.modelArtifact("model-copy", 2);
        store.put(source, PNG_BYTES, "application/octet-stream");

        store.copy(source, target);

        assertArrayEquals(PNG_BYTES, store.get(target));
        assertEquals(2, store.deletePrefix(ObjectLayout.modelPrefix("model-copy")));
        assertEquals(List.of(), store.list(ObjectLayout.modelPrefix("model-copy")));
        assertEquals(0, store.deletePrefix(ObjectLayout.modelPrefix("model-copy")));
    }

    @Test
    void presignedGetWorksWithoutCredentials() throws Exception {
        String key = ObjectLayout.translationOutput("req-presigned");
        Path file = Files.createTempFile("out", ".png");
        Files.write(file, PNG_BYTES);
        store.put(key, file);

        URI url = store.presignedGetUrl(key, Duration.ofMinutes(5));
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertArrayEquals(PNG_BYTES, response.body());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(""));
        Files.delete(file);
    }

    @Test
    void missingBucketIsNamed() {
        try (ObjectStore elsewhere = ObjectStore.connect(server.storageConfig("no-such-bucket"))) {
            for (Runnable call : List.<Runnable>of(
                    () -> elsewhere.get("a.bin"),
                    () -> elsewhere.exists("a.bin"),
                    () -> elsewhere.size("a.bin"),
                    () -> elsewhere.list("x/"),
                    () -> elsewhere.put("a.bin", PNG_BYTES, "application/octet-stream"))) {
                StorageException e = assertThrows(StorageException.class, call::run);
                assertEquals(StorageException.Kind.BUCKET_NOT_FOUND, e.kind(), e.getMessage());
                assertTrue(e.getMessage().startsWith("bucket 'no-such-bucket' does not exist"), e.getMessage());
            }
        }
    }

    @Test
    void missingObjectIsNamed() {
        for (Runnable call : List.<Runnable>of(
                () -> store.get("nope.bin"),
                () -> store.size("nope.bin"),
                () -> store.copy("nope.bin", "copy.bin"))) {
            StorageException e = assertThrows(StorageException.class, call::run);
            assertEquals(StorageException.Kind.OBJECT_NOT_FOUND, e.kind(), e.getMessage());
            assertEquals("object 'nope.bin' not found in bucket '" + BUCKET + "'", e.getMessage());
        }
        assertFalse(store.exists("nope.bin"));
    }

    @Test
    void unreachableEndpointIsNamed() {
        String endpoint = "http://127.0.0.1:" + Ports.free();
        StorageConfig nowhere = new StorageConfig(endpoint, "a", "b", BUCKET, StorageConfig.DEFAULT_REGION);
        try (ObjectStore unreachable = ObjectStore.connect(nowhere)) {
            StorageException e = assertThrows(StorageException.class, () -> unreachable.get("a.bin"));
            assertEquals(StorageException.Kind.UNREACHABLE, e.kind());
            assertTrue(e.getMessage().startsWith("S3 endpoint " + endpoint + " unreachable"), e.getMessage());
        }
    }

    @Test
    void wrongSecretIsRefused() {
        StorageConfig good = server.storageConfig(BUCKET);
        StorageConfig bad = new StorageConfig(good.endpoint(), good.accessKey(), "wrong-secret", BUCKET,
                good.region());
        try (ObjectStore refused = ObjectStore.connect(bad)) {
            StorageException e = assertThrows(StorageException.class,
                    () -> refused.put("a.txt", "x".getBytes(StandardCharsets.UTF_8), "text/plain"));
            assertEquals(StorageException.Kind.ACCESS_DENIED, e.kind(), e.getMessage());
        }
    }
}
