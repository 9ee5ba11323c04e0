package com.cyclefleet.worker.train;

import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.formats.image.ImageRejectedException;
import com.cyclefleet.formats.image.PixelBudget;
import com.cyclefleet.protocol.DatasetRef;
import com.cyclefleet.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Local copies of training datasets in the engine's folder layout ({@code trainA/}, {@code trainB/}), one folder per
 * (bucket, prefixA, prefixB), kept across chunks. Each use lists both prefixes (one request each) and brings the copy
 * in line: missing images are downloaded, images no longer listed are deleted. An object overwritten under the same
 * key is not noticed; datasets are append-only by convention. Used by one chunk at a time.
 *
 * <p>Each downloaded image's header is checked against the pixel budget before it joins the copy: an image that is
 * over it or not an image fails the job here, named by its key, instead of running the worker out of heap (or
 * failing under a local file name) mid-training. A refused image is not kept, so it is checked again next time.
 */
public final class DatasetCache {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetCache.class);
    private static final String DATASETS_DIR = "datasets";
    private static final String PARTIAL_SUFFIX = ".part";
    /** Hex digits of the SHA-256 of the dataset reference in its folder name: collisions are not a concern. */
    private static final int HASH_HEX_DIGITS = 16;
    private static final int READABLE_NAME_CHARS = 40;

    private final Path root;
    private final Function<String, ObjectStore> storeForBucket;
    private final PixelBudget pixelBudget;

    /**
     * @param cacheDir       the worker's cache directory
     * @param storeForBucket the object store of a bucket (datasets may live in another bucket than the worker's)
     * @param pixelBudget    most pixels of one dataset image
     */
    public DatasetCache(Path cacheDir, Function<String, ObjectStore> storeForBucket, PixelBudget pixelBudget) {
        this.root = cacheDir.resolve(DATASETS_DIR);
        this.storeForBucket = storeForBucket;
        this.pixelBudget = pixelBudget;
    }

    /** Brings the local copy up to date and returns its root folder (holding trainA/ and trainB/). */
    public Path sync(DatasetRef ref) {
        Path dir = root.resolve(folderName(ref));
        ObjectStore store = storeForBucket.apply(ref.bucket());
        int fetchedA = syncDomain(store, ref.prefixA(), dir.resolve(UnalignedDataset.TRAIN + "A"));
        int fetchedB = syncDomain(store, ref.prefixB(), dir.resolve(UnalignedDataset.TRAIN + "B"));
        if (fetchedA + fetchedB > 0) {
            LOG.info("dataset s3://{}/{{},{}} cached in {}: downloaded {} + {} images", ref.bucket(), ref.prefixA(),
                    ref.prefixB(), dir, fetchedA, fetchedB);
        }
        return dir;
    }

    private int syncDomain(ObjectStore store, String prefix, Path folder) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String key : store.list(prefix)) {
            String name = key.substring(prefix.length()).replace('/', '_');
            if (!name.isEmpty() && ImageCodec.isImageFile(Path.of(name))) {
                wanted.put(name, key);
            }
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("dataset prefix s3://" + store.bucket() + "/" + prefix
                    + " holds no PNG or JPEG images");
        }
        try {
            Files.createDirectories(folder);
            Set<String> present;
            try (Stream<Path> files = Files.list(folder)) {
                present = new java.util.HashSet<>(files.map(p -> p.getFileName().toString()).toList());
            }
            for (String name : present) {
                if (!wanted.containsKey(name)) {
                    Files.deleteIfExists(folder.resolve(name));
                }
            }
            int fetched = 0;
            for (Map.Entry<String, String> e : wanted.entrySet()) {
                if (!present.contains(e.getKey())) {
                    download(store, e.getValue(), folder.resolve(e.getKey()));
                    fetched++;
                }
            }
            return fetched;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache dataset images in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Downloads to a temporary name, checks the header, then renames, so a killed worker never leaves a truncated
     * image behind and no refused image is kept.
     *
     * @throws IllegalArgumentException the image is over the pixel budget or not an image; the message names it
     */
    private void download(ObjectStore store, String key, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
        try (InputStream in = store.open(key)) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            pixelBudget.check(Files.readAllBytes(partial), "s3://" + store.bucket() + "/" + key);
        } catch (ImageRejectedException e) {
            Files.deleteIfExists(partial);
            throw new IllegalArgumentException("dataset image " + e.getMessage(), e);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String folderName(DatasetRef ref) {
        String identity = String.join("\n", List.of(ref.bucket(), ref.prefixA(), ref.prefixB()));
        String readable = ref.prefixA().replaceAll("[^A-Za-z0-9._-]+", "_");
        if (readable.length() > READABLE_NAME_CHARS) {
            readable = readable.substring(0, READABLE_NAME_CHARS);
        }
        return readable + "-" + sha256(identity).substring(0, HASH_HEX_DIGITS);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
