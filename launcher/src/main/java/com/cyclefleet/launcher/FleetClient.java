package com.cyclefleet.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The coordinator's REST API, as the launcher, the demo, the bench and the end-to-end tests use it. */
public final class FleetClient {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final String base;
    private final HttpClient http;

    public FleetClient(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "fleet-client-http");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    public String baseUrl() {
        return base;
    }

    /** A non-2xx answer. */
    public static final class ApiError extends RuntimeException {
        private final int status;

        ApiError(String what, int status, String body) {
            super(what + " answered HTTP " + status + ": " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    // ---- generic

    public JsonNode getJson(String path) {
        return json(send(HttpRequest.newBuilder(uri(path)).GET(), "GET " + path));
    }

    public byte[] getBytes(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), "GET " + path).body();
    }

    public HttpResponse<byte[]> getRaw(String path) {
        return exchange(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).GET().build());
    }

    public JsonNode postJson(String path, Object body) {
        try {
            return json(send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))), "POST " + path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode postBytes(String path, byte[] body, String contentType) {
        return json(send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), "POST " + path));
    }

    // ---- datasets, jobs, models

    /** Zips the images of {@code folder} and uploads them into {@code domain} (A or B) of {@code dataset}. */
    public JsonNode uploadFolder(String dataset, String domain, Path folder) {
        return postBytes("/datasets/" + dataset + "/" + domain + "/images?filename=" + domain + ".zip",
                zipFolder(folder), "application/zip");
    }

    public JsonNode createJob(Map<String, Object> request) {
        return postJson("/jobs", request);
    }

    /** The job's view from GET /jobs (the list, which does not read the loss history from S3). */
    public JsonNode jobView(String jobId) {
        for (JsonNode j : getJson("/jobs")) {
            if (jobId.equals(j.path("jobId").asText())) {
                return j;
            }
        }
        throw new IllegalStateException("job " + jobId + " is not listed by GET /jobs");
    }

    /** POST /models/{id}/import with a raw zip of {@code G_A/<key>.npy} and {@code G_B/<key>.npy}. */
    public JsonNode importWeights(String modelId, byte[] zip, String netG, int ngf) {
        return postBytes("/models/" + modelId + "/import?netG=" + netG + "&ngf=" + ngf, zip, "application/zip");
    }

    // ---- translations

    /** Synchronous translation: the translated PNG. */
    public byte[] translateSync(byte[] png, String model, String direction) {
        return send(HttpRequest.newBuilder(uri("/translations?model=" + enc(model) + "&direction=" + direction))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png)),
                "POST /translations").body();
    }

    /** Asynchronous submission: the request id. */
    public String submit(byte[] png, String model, Integer version, String direction) {
        String q = "/translations/async?model=" + enc(model) + "&direction=" + direction
                + (version == null ? "" : "&version=" + version);
        return postBytes(q, png, "image/png").path("requestId").asText();
    }

    public JsonNode translation(String requestId) {
        return getJson("/translations/" + requestId);
    }

    public byte[] result(String requestId) {
        return getBytes("/translations/" + requestId + "/result");
    }

    /**
     * Waits for a translation to finish by following its server-sent events (no polling load on the coordinator);
     * answers the final status name (DONE or FAILED). Falls back to polling if the stream ends early.
     */
    public String awaitTranslation(String requestId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri("/translations/" + requestId
                    + "/events")).header("Accept", "text/event-stream").timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 200) {
                // the request timeout ends at the headers; keep-alive comments would hold a stream open for ever
                long remainingMs = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                CompletableFuture.delayedExecutor(remainingMs, TimeUnit.MILLISECONDS)
                        .execute(() -> closeQuietly(r.body()));
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("event:")) {
                            String name = line.substring("event:".length()).trim();
                            if (!"PENDING".equals(name)) {
                                return name;
                            }
                        }
                    }
                }
            } else {
                r.body().close();
            }
        } catch (IOException e) {
            // fall back to polling below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        while (System.nanoTime() < deadline) {
            String status = translation(requestId).path("status").asText();
            if (!"PENDING".equals(status)) {
                return status;
            }
            sleep(100);
        }
        throw new IllegalStateException("translation " + requestId + " not finished within " + timeout.toSeconds()
                + " s");
    }

    // ---- helpers

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the reader sees the stream end either way
        }
    }

    public static byte[] zipFolder(Path folder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip " + folder, e);
        }
        return bytes.toByteArray();
    }

    /** A zip of every file under {@code dir}, entries named by their relative paths with '/'. */
    public static byte[] zipTree(Path dir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            for (Path f : all) {
                zip.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip " + dir, e);
        }
        return bytes.toByteArray();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder builder, String what) {
        HttpResponse<byte[]> r = exchange(builder.timeout(REQUEST_TIMEOUT).build());
        if (r.statusCode() / 100 != 2) {
            throw new ApiError(what, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        }
        return r;
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return r.body().length == 0 ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(r.body(), StandardCharsets.UTF_8), e);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
