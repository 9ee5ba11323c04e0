package com.cyclefleet.launcher;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.eval.ImageTranslator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An {@link ImageTranslator} whose every translation goes through the fleet: each image is PNG-encoded, submitted
 * with the asynchronous API (all of a batch in flight at once), awaited and its PNG result decoded. Results are
 * remembered by the input's PNG bytes, so an image translated once (for the demo's output folders) is not sent again
 * when the evaluation asks for it.
 */
public final class FleetTranslator implements ImageTranslator, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final FleetClient client;
    private final String model;
    private final Integer version;
    private final String direction;
    private final ExecutorService pool;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private int sent;

    public FleetTranslator(FleetClient client, String model, Integer version, String direction, int inFlight) {
        this.client = client;
        this.model = model;
        this.version = version;
        this.direction = direction;
        this.pool = Executors.newFixedThreadPool(inFlight, r -> {
            Thread t = new Thread(r, "fleet-translate-" + direction);
            t.setDaemon(true);
            return t;
        });
    }

    /** How many images were actually sent to the fleet (cache misses). */
    public synchronized int sent() {
        return sent;
    }

    @Override
    public List<FloatImage> translate(List<FloatImage> batch) {
        List<byte[]> pngs = new ArrayList<>();
        for (FloatImage im : batch) {
            pngs.add(ImageCodec.encode(im, ImageCodec.PNG));
        }
        List<byte[]> out = translatePngs(pngs);
        List<FloatImage> images = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            images.add(ImageCodec.decode(out.get(i), direction + " result " + i));
        }
        return images;
    }

    /** Translates PNGs through the fleet, all in flight together; results in input order. */
    public List<byte[]> translatePngs(List<byte[]> pngs) {
        List<Future<byte[]>> futures = new ArrayList<>();
        for (byte[] png : pngs) {
            String key = digest(png);
            byte[] hit = cache.get(key);
            if (hit != null) {
                futures.add(java.util.concurrent.CompletableFuture.completedFuture(hit));
                continue;
            }
            synchronized (this) {
                sent++;
            }
            futures.add(pool.submit(() -> {
                String id = client.submit(png, model, version, direction);
                String status = client.awaitTranslation(id, TIMEOUT);
                if (!"DONE".equals(status)) {
                    throw new IllegalStateException("translation " + id + " (" + direction + ") ended " + status + ": "
                            + client.translation(id).path("reason").asText());
                }
                byte[] result = client.result(id);
                cache.put(key, result);
                return result;
            }));
        }
        List<byte[]> out = new ArrayList<>();
        for (Future<byte[]> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
