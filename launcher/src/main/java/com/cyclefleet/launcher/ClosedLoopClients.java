package com.cyclefleet.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench fleet}'s load generator: {@code concurrency} clients, each submitting, awaiting (SSE) and downloading
 * one image at a time and starting the next at once, from construction until {@link #stopAndFinish()}; every
 * completed request is recorded. Requests go to the models in turn, so several models spread over the task
 * partitions and reach several workers.
 */
final class ClosedLoopClients implements AutoCloseable {

    /** How a bench client asks the fleet for a translation. */
    enum Api {
        /** POST /translations/async, await the terminal event over SSE, GET the result: three HTTP calls. */
        async,
        /** POST /translations, which answers with the translated PNG: one HTTP call. */
        sync
    }

    /** One fleet request a client completed, as {@link System#nanoTime()} stamps. */
    record Completion(long submitted, long accepted, long done, long downloaded) {
        double latencyMs() {
            return (downloaded - submitted) / 1e6;
        }
    }

    /** Far above any one request's latency: a request slower than this is a fault, not a measurement. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    private static final String DIRECTION = "AtoB";

    private final FleetClient client;
    private final List<ModelRef> models;
    private final ImageCycle<byte[]> pngs;
    private final Api api;
    private final int concurrency;
    private final AtomicLong nextModel = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool;
    private final CompletionService<Void> ended;

    /** A model id and the version the clients ask for. */
    record ModelRef(String id, int version) {
    }

    ClosedLoopClients(FleetClient client, List<ModelRef> models, ImageCycle<byte[]> pngs, Api api, int concurrency) {
        this.client = client;
        this.models = List.copyOf(models);
        this.pngs = pngs;
        this.api = api;
        this.concurrency = concurrency;
        this.pool = Executors.newFixedThreadPool(concurrency);
        this.ended = new ExecutorCompletionService<>(pool);
        for (int c = 0; c < concurrency; c++) {
            ended.submit(this::loop);
        }
    }

    private Void loop() {
        while (!stop.get()) {
            completions.add(request(pngs.next(), models.get((int) (nextModel.getAndIncrement() % models.size()))));
        }
        return null;
    }

    private Completion request(byte[] png, ModelRef model) {
        if (api == Api.sync) {
            long submitted = System.nanoTime();
            if (client.translateSync(png, model.id(), DIRECTION).length == 0) {
                throw new IllegalStateException("empty result from POST /translations");
            }
            long downloaded = System.nanoTime();
            // one call: all of it counts as waiting for the result
            return new Completion(submitted, submitted, downloaded, downloaded);
        }
        long submitted = System.nanoTime();
        String id = client.submit(png, model.id(), model.version(), DIRECTION);
        long accepted = System.nanoTime();
        String status = client.awaitTranslation(id, REQUEST_TIMEOUT);
        long done = System.nanoTime();
        if (!"DONE".equals(status)) {
            throw new IllegalStateException("translation " + id + " " + status + ": "
                    + client.translation(id).path("reason").asText());
        }
        if (client.result(id).length == 0) {
            throw new IllegalStateException("empty result for " + id);
        }
        return new Completion(submitted, accepted, done, System.nanoTime());
    }

    /** Lets the clients run for {@code duration}; fails at once with the first client that failed. */
    void runFor(Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
            Future<Void> stopped = ended.poll(left, TimeUnit.NANOSECONDS);
            if (stopped != null) {
                // a client stops on its own only by failing: get() rethrows why
                stopped.get();
                throw new IllegalStateException("a bench client stopped before it was told to");
            }
        }
    }

    /** Stops submitting, waits for the requests in flight, and returns every completed request. */
    List<Completion> stopAndFinish() throws Exception {
        stop.set(true);
        for (int c = 0; c < concurrency; c++) {
            ended.take().get();
        }
        return List.copyOf(completions);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
