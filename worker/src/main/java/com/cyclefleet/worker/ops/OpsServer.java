package com.cyclefleet.worker.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** GET /health (200 when every consumer runs, else 503) and GET /metrics (Prometheus text) on the JDK HTTP server. */
public final class OpsServer implements AutoCloseable {

    public static final String HEALTH_PATH = "/health";
    public static final String METRICS_PATH = "/metrics";
    private static final int OK = 200;
    private static final int UNAVAILABLE = 503;
    private static final int METHOD_NOT_ALLOWED = 405;
    private static final int NO_BODY = -1;
    private static final int DEFAULT_BACKLOG = 0;
    private static final int STOP_DELAY_SECONDS = 0;

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param healthy      the health verdict
     * @param healthDetail a human-readable description of each consumer loop
     * @param metrics      the Prometheus text for a given health verdict
     */
    public static OpsServer start(String host, int port, BooleanSupplier healthy, Supplier<String> healthDetail,
                                  java.util.function.Function<Boolean, String> metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), DEFAULT_BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the worker's health/metrics port " + host + ":" + port
                    + " (" + e.getMessage() + "); set CYCLEFLEET_WORKER_HTTP_PORT to a free port or 0", e);
        }
        server.createContext(HEALTH_PATH, exchange -> {
            boolean up = healthy.getAsBoolean();
            respond(exchange, up ? OK : UNAVAILABLE, "text/plain; charset=utf-8",
                    (up ? "UP" : "DOWN") + "\n" + healthDetail.get() + "\n");
        });
        server.createContext(METRICS_PATH, exchange ->
                respond(exchange, OK, Metrics.CONTENT_TYPE, metrics.apply(healthy.getAsBoolean())));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "worker-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new OpsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(STOP_DELAY_SECONDS);
        executor.shutdownNow();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(METHOD_NOT_ALLOWED, NO_BODY);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, NO_BODY);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
