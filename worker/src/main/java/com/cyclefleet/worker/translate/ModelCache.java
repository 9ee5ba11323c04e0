package com.cyclefleet.worker.translate;

import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.engine.infer.GeneratorBundle;
import com.cyclefleet.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loaded model versions, least recently used evicted beyond the configured size. A model version's artifact never
 * changes once published, so a cached bundle is never stale. Not thread-safe: used by the one thread translating at a
 * time, the translate pipeline's engine thread (or the loop thread while it holds the engine).
 */
public final class ModelCache {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
    private static final float LOAD_FACTOR = 0.75f;
    private static final boolean ACCESS_ORDER = true;

    private final ObjectStore store;
    private final Map<String, GeneratorBundle> bundles;

    public ModelCache(ObjectStore store, int capacity) {
        this.store = store;
        this.bundles = new LinkedHashMap<>(capacity + 1, LOAD_FACTOR, ACCESS_ORDER) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, GeneratorBundle> eldest) {
                boolean evict = size() > capacity;
                if (evict) {
                    LOG.info("model cache full ({}): evicting {}", capacity, eldest.getKey());
                }
                return evict;
            }
        };
    }

    /**
     * The bundle of a model version, loading it from {@code models/{id}/v{version}/model.zip} when not cached.
     *
     * @throws com.cyclefleet.storage.StorageException when the artifact is missing or the store fails
     * @throws RuntimeException                        the engine's ModelFileException and friends for a bad artifact
     */
    public GeneratorBundle get(String modelId, int version) {
        String key = ObjectLayout.modelArtifact(modelId, version);
        GeneratorBundle cached = bundles.get(key);
        if (cached != null) {
            return cached;
        }
        long start = System.nanoTime();
        GeneratorBundle bundle;
        try (InputStream in = store.open(key)) {
            bundle = GeneratorBundle.load(in, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + key + ": " + e.getMessage(), e);
        }
        bundles.put(key, bundle);
        LOG.info("model {} v{} loaded from {} in {} ms ({} cached)", modelId, version, key,
                (System.nanoTime() - start) / 1_000_000, bundles.size());
        return bundle;
    }

    public int size() {
        return bundles.size();
    }
}
