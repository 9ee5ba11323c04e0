package com.cyclefleet.devstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the embedded S3 server.
 *
 * @param dataDir      holds the objects (one directory per bucket, so they survive restarts), the generated
 *                     s3proxy.properties and s3proxy.log
 * @param port         listener port on 127.0.0.1, or 0 for a free one
 * @param accessKey    the only accepted access key id
 * @param secretKey    its secret
 * @param maxHeap      the server JVM's -Xmx (for example {@code 256m})
 * @param startTimeout how long to wait for the server to answer
 * @param stopGrace    how long a clean shutdown may take before the process is killed
 */
public record S3ServerConfig(
        Path dataDir,
        int port,
        String accessKey,
        String secretKey,
        String maxHeap,
        Duration startTimeout,
        Duration stopGrace) {

    /** Development credentials: the server listens on loopback only. */
    public static final String DEV_ACCESS_KEY = "cyclefleet";
    public static final String DEV_SECRET_KEY = "cyclefleet-dev-secret";
    /** s3proxy streams objects, so a small heap suffices even for large checkpoints. */
    public static final String DEFAULT_MAX_HEAP = "256m";
    /** s3proxy opens its port in about 2 s; the rest is headroom for a loaded machine. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);

    public S3ServerConfig {
        if (secretKey == null || secretKey.isBlank() || accessKey == null || accessKey.isBlank()) {
            throw new IllegalArgumentException("the S3 server needs an access key and a secret key");
        }
    }

    /** A server on a free port with development credentials. */
    public static S3ServerConfig defaults(Path dataDir) {
        return new S3ServerConfig(dataDir, 0, DEV_ACCESS_KEY, DEV_SECRET_KEY, DEFAULT_MAX_HEAP,
                DEFAULT_START_TIMEOUT, DEFAULT_STOP_GRACE);
    }

    /** The same server on a fixed port (0 still means a free one). */
    public S3ServerConfig withPort(int fixedPort) {
        return new S3ServerConfig(dataDir, fixedPort, accessKey, secretKey, maxHeap, startTimeout, stopGrace);
    }
}
