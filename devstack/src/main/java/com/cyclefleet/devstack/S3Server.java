package com.cyclefleet.devstack;

import com.cyclefleet.storage.StorageConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A real S3 server (s3proxy over the local filesystem) run as a child JVM
 * ({@code java -jar devstack/target/s3proxy/s3proxy.jar --properties s3proxy.properties}). Objects are plain files
 * under the data directory, so they survive restarts. It speaks enough S3 for CycleFleet: buckets, put/get,
 * multipart, stat, list, copy, delete, presigned URLs; not object tags, bucket policies or notifications.
 */
public final class S3Server extends ChildServer {

    private static final String OBJECTS_DIR = "objects";
    private static final String PROPERTIES_FILE = "s3proxy.properties";
    private static final String SERVER_LOG = "s3proxy.log";
    /** s3proxy's logback otherwise prints its own configuration status at every start. */
    private static final List<String> LOGGING_FLAGS =
            List.of("-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final S3ServerConfig config;
    private final int port;
    private final DevstackPaths paths;

    private S3Server(ChildProcess process, S3ServerConfig config, int port, DevstackPaths paths) {
        super(process);
        this.config = config;
        this.port = port;
        this.paths = paths;
    }

    /** Starts a server with the jar {@link DevstackPaths#locate()} finds. */
    public static S3Server start(S3ServerConfig config) {
        return start(config, DevstackPaths.locate());
    }

    /**
     * Starts the server and waits until it answers HTTP.
     *
     * @throws IllegalStateException if it exits or does not answer in time; the message quotes its log
     */
    public static S3Server start(S3ServerConfig config, DevstackPaths paths) {
        Path jar = paths.s3proxyJar();
        Path dataDir = config.dataDir().toAbsolutePath();
        Path objects = dataDir.resolve(OBJECTS_DIR);
        try {
            Files.createDirectories(objects);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + objects, e);
        }
        int port = Ports.reserve(config.port(), "S3 server");
        String endpoint = endpoint(port);
        Path propertiesFile = dataDir.resolve(PROPERTIES_FILE);
        PropertiesFiles.write(properties(config, endpoint, objects), propertiesFile);

        List<String> args = new ArrayList<>(LOGGING_FLAGS);
        args.addAll(List.of("-jar", jar.toString(), "--properties", propertiesFile.toString()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        ChildProcess process = launch("S3 server (s3proxy)", JavaCommand.of(config.maxHeap(), args), dataDir,
                dataDir.resolve(SERVER_LOG), config.stopGrace(),
                () -> Ports.isOpen(port) && answersHttp(http, endpoint), config.startTimeout(), endpoint);
        return new S3Server(process, config, port, paths);
    }

    /** A new server process on this one's data and port, once this one has ended; the objects are all still there. */
    public S3Server restart() {
        requireEnded();
        return start(config.withPort(port), paths);
    }

    /** {@code http://127.0.0.1:<port>} */
    public String endpoint() {
        return endpoint(port);
    }

    public int port() {
        return port;
    }

    /** How clients reach this server's {@code bucket}. */
    public StorageConfig storageConfig(String bucket) {
        return new StorageConfig(endpoint(), config.accessKey(), config.secretKey(), bucket,
                StorageConfig.DEFAULT_REGION);
    }

    /** How clients reach this server's default bucket ({@value StorageConfig#DEFAULT_BUCKET}). */
    public StorageConfig storageConfig() {
        return storageConfig(StorageConfig.DEFAULT_BUCKET);
    }

    private static Properties properties(S3ServerConfig config, String endpoint, Path objects) {
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", endpoint);
        // accept both signature versions: the MinIO client signs v4, some command-line tools still sign v2
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", config.accessKey());
        p.setProperty("s3proxy.credential", config.secretKey());
        // filesystem-nio2 keeps objects as files (transient-nio2 would keep them in memory and lose them on exit)
        p.setProperty("jclouds.provider", "filesystem-nio2");
        p.setProperty("jclouds.filesystem.basedir", objects.toString());
        // the filesystem provider ignores these, but jclouds refuses to start without them
        p.setProperty("jclouds.identity", config.accessKey());
        p.setProperty("jclouds.credential", config.secretKey());
        return p;
    }

    /** Any HTTP status (an anonymous request gets 403) means the server is serving. */
    private static boolean answersHttp(HttpClient http, String endpoint) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(PROBE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String endpoint(int port) {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }
}
