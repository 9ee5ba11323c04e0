package com.cyclefleet.storage;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.http.HttpUtils;
import io.minio.http.Method;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;

import okhttp3.OkHttpClient;

import javax.net.SocketFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * CycleFleet's single bucket in an S3-compatible store. The only class that uses the MinIO client; every failure
 * surfaces as a {@link StorageException} naming the bucket, key or endpoint. Thread-safe.
 *
 * <p>Keys come from {@link ObjectLayout}. Close the store when done: the HTTP client's threads otherwise keep a JVM
 * alive for about a minute.
 */
public final class ObjectStore implements AutoCloseable {

    /** Fail fast when nothing listens at the endpoint instead of OkHttp's long default. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Generous: checkpoints of the 9-block generator with both Adam states are a few hundred MB. */
    public static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(5);
    /** S3's upper bound on a presigned URL's lifetime (SigV4). */
    public static final Duration MAX_PRESIGNED_VALIDITY = Duration.ofDays(7);
    /** Let the MinIO client pick the multipart part size from the object size. */
    private static final long AUTO_PART_SIZE = -1;
    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(ObjectStore.class.getName());

    private final StorageConfig config;
    private final MinioClient client;
    private final S3Failures failures;

    private ObjectStore(StorageConfig config) {
        this.config = config;
        this.failures = new S3Failures(config);
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .httpClient(httpClient())
                .credentials(config.accessKey(), config.secretKey())
                // a fixed region spares a GetBucketLocation round trip before the first request
                .region(config.region())
                .build();
        client.setTimeout(CONNECT_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis());
    }

    /**
     * The MinIO client's default OkHttp client (pooled keep-alive connections), with TCP_NODELAY on every socket.
     * OkHttp leaves Nagle's algorithm on, so a PUT whose headers and body go out in more than one write waits for
     * the server's delayed ACK (40 ms on Linux) before its last segment: measured, a 10 KB PNG took ~55 ms to store
     * on loopback, against ~10 ms to read.
     */
    private static OkHttpClient httpClient() {
        return HttpUtils.newDefaultHttpClient(CONNECT_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis(),
                        TRANSFER_TIMEOUT.toMillis())
                .newBuilder()
                .socketFactory(new NoDelaySocketFactory())
                .build();
    }

    /** Plain sockets with Nagle's algorithm off. */
    private static final class NoDelaySocketFactory extends SocketFactory {
        private final SocketFactory delegate = SocketFactory.getDefault();

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    /** A store for the configured bucket. Does not contact the server. */
    public static ObjectStore connect(StorageConfig config) {
        return new ObjectStore(config);
    }

    public StorageConfig config() {
        return config;
    }

    public String bucket() {
        return config.bucket();
    }

    /** Creates the bucket unless it exists. */
    public void ensureBucket() {
        try {
            if (!bucketExists()) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket()).build());
                LOG.log(System.Logger.Level.INFO, "created bucket {0} at {1}", bucket(), config.endpoint());
            }
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw failures.translate("make bucket", null, e);
        }
    }

    /** True when the bucket exists. */
    public boolean bucketExists() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build());
        } catch (Exception e) {
            throw failures.translate("bucket check", null, e);
        }
    }

    /** Stores bytes under a key, replacing what was there. */
    public void put(String key, byte[] bytes, String contentType) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            client.putObject(PutObjectArgs.builder().bucket(bucket()).object(key)
                    .stream(in, bytes.length, AUTO_PART_SIZE).contentType(contentType).build());
        } catch (Exception e) {
            throw failures.translate("put", key, e);
        }
    }

    /** Stores a file under a key, replacing what was there; the content type follows the key's extension. */
    public void put(String key, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StorageException(StorageException.Kind.FAILED,
                    "cannot upload '" + key + "': " + file + " is not a readable file", null);
        }
        try {
            client.uploadObject(UploadObjectArgs.builder().bucket(bucket()).object(key)
                    .filename(file.toString(), MIN_PART_SIZE).contentType(ContentTypes.forKey(key)).build());
        } catch (Exception e) {
            throw failures.translate("upload", key, e);
        }
    }

    /** The whole object. */
    public byte[] get(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failures.translate("get", key, e);
        }
    }

    /** Streams the object; the caller closes the stream. */
    public InputStream open(String key) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build());
        } catch (Exception e) {
            throw failures.translate("get", key, e);
        }
    }

    /** True when the key exists. Throws when the bucket itself is missing, which is a setup error, not an answer. */
    public boolean exists(String key) {
        try {
            stat(key);
            return true;
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.OBJECT_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** The object's size in bytes. */
    public long size(String key) {
        return stat(key);
    }

    /** All keys under a prefix, at any depth, in lexicographic order. */
    public List<String> list(String prefix) {
        return new ArrayList<>(sizes(prefix).keySet());
    }

    /**
     * The first {@code max} keys under a prefix, at any depth, in lexicographic order. Reads only the listing pages
     * it needs, so a prefix with a million objects costs one page, not a million entries.
     */
    public List<String> firstKeys(String prefix, int max) {
        List<String> keys = new ArrayList<>();
        if (max < 1) {
            return keys;
        }
        try {
            Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder().bucket(bucket())
                    .prefix(prefix).recursive(true).maxKeys(max).build());
            for (Result<Item> result : results) {
                Item item = result.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                    if (keys.size() == max) {
                        break;
                    }
                }
            }
        } catch (Exception e) {
            throw failures.translate("list", prefix, e);
        }
        return keys;
    }

    /** Every object under a prefix, at any depth, with its size in bytes, in key order: one listing, no HEADs. */
    public SortedMap<String, Long> sizes(String prefix) {
        SortedMap<String, Long> sizes = new TreeMap<>();
        try {
            Iterable<Result<Item>> results = client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket()).prefix(prefix).recursive(true).build());
            for (Result<Item> result : results) {
                Item item = result.get();
                if (!item.isDir()) {
                    sizes.put(item.objectName(), item.size());
                }
            }
        } catch (Exception e) {
            throw failures.translate("list", prefix, e);
        }
        return sizes;
    }

    /** Removes a key; removing a missing key is not an error (S3 semantics, and it keeps retries idempotent). */
    public void delete(String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket()).object(key).build());
        } catch (Exception e) {
            throw failures.translate("delete", key, e);
        }
    }

    /** Removes every key under a prefix and returns how many there were. */
    public int deletePrefix(String prefix) {
        List<DeleteObject> doomed = list(prefix).stream().map(DeleteObject::new).toList();
        if (doomed.isEmpty()) {
            return 0;
        }
        List<String> errors = new ArrayList<>();
        try {
            // results are lazy: the deletes happen while iterating
            for (Result<DeleteError> result : client.removeObjects(
                    RemoveObjectsArgs.builder().bucket(bucket()).objects(doomed).build())) {
                DeleteError error = result.get();
                errors.add(error.objectName() + ": " + error.code());
            }
        } catch (Exception e) {
            throw failures.translate("delete", prefix, e);
        }
        if (!errors.isEmpty()) {
            throw new StorageException(StorageException.Kind.FAILED, "could not delete " + errors.size()
                    + " objects under '" + prefix + "' in bucket '" + bucket() + "': " + errors, null);
        }
        return doomed.size();
    }

    /** Copies an object inside the bucket, replacing the target. */
    public void copy(String fromKey, String toKey) {
        try {
            client.copyObject(CopyObjectArgs.builder().bucket(bucket()).object(toKey)
                    .source(CopySource.builder().bucket(bucket()).object(fromKey).build()).build());
        } catch (Exception e) {
            throw failures.translate("copy", fromKey, e);
        }
    }

    /** A URL anyone can GET the object from, without credentials, until it expires. Does not check the key exists. */
    public URI presignedGetUrl(String key, Duration validFor) {
        if (validFor.compareTo(Duration.ofSeconds(1)) < 0 || validFor.compareTo(MAX_PRESIGNED_VALIDITY) > 0) {
            throw new IllegalArgumentException("a presigned URL must be valid between 1 s and "
                    + MAX_PRESIGNED_VALIDITY.toDays() + " days, was " + validFor);
        }
        try {
            return URI.create(client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket(bucket()).object(key).expiry(Math.toIntExact(validFor.toSeconds())).build()));
        } catch (Exception e) {
            throw failures.translate("presign", key, e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing the S3 client for " + config.endpoint() + " failed", e);
        }
    }

    /** HEAD the object. A HEAD 404 has no body, so the client cannot tell a missing key from a missing bucket. */
    private long stat(String key) {
        try {
            return client.statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build()).size();
        } catch (Exception e) {
            if (S3Failures.isNoSuchObject(e)) {
                throw bucketExists() ? failures.objectNotFound(key, e) : failures.bucketNotFound(e);
            }
            throw failures.translate("stat", key, e);
        }
    }
}
