package com.cyclefleet.engine.data;

import com.cyclefleet.formats.image.PixelBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The image files directly inside one folder, sorted by file name, with decoded pixels kept in memory up to a byte
 * budget: small datasets are decoded once instead of on every iteration.
 */
public final class ImageFolder {
    public static final long DEFAULT_CACHE_BUDGET_BYTES = 256L << 20;

    private static final int BYTES_PER_PIXEL = 3;
    private static final int RED_SHIFT = 16;
    private static final int GREEN_SHIFT = 8;
    private static final int BYTE_MASK = 0xFF;
    private static final String HIDDEN_PREFIX = ".";

    private final Path dir;
    private final List<Path> files;
    private final long cacheBudgetBytes;
    private final PixelBudget pixelBudget;
    /** RGB bytes per image, null until cached. */
    private final byte[][] cache;
    private final int[][] cachedSize;
    private long cachedBytes;

    private ImageFolder(Path dir, List<Path> files, long cacheBudgetBytes, PixelBudget pixelBudget) {
        this.dir = dir;
        this.files = List.copyOf(files);
        this.cacheBudgetBytes = cacheBudgetBytes;
        this.pixelBudget = pixelBudget;
        this.cache = new byte[files.size()][];
        this.cachedSize = new int[files.size()][];
    }

    public static ImageFolder open(Path dir) {
        return open(dir, DEFAULT_CACHE_BUDGET_BYTES);
    }

    /** @param cacheBudgetBytes decoded pixels kept in memory at most (3 bytes per pixel); 0 disables caching */
    public static ImageFolder open(Path dir, long cacheBudgetBytes) {
        return open(dir, cacheBudgetBytes, PixelBudget.DEFAULT);
    }

    /**
     * @param cacheBudgetBytes decoded pixels kept in memory at most (3 bytes per pixel); 0 disables caching
     * @param pixelBudget      {@link #load} refuses an image over it from its header, before decoding
     */
    public static ImageFolder open(Path dir, long cacheBudgetBytes, PixelBudget pixelBudget) {
        if (cacheBudgetBytes < 0) {
            throw new IllegalArgumentException("cache budget must be >= 0 bytes, got " + cacheBudgetBytes);
        }
        if (!Files.exists(dir)) {
            throw new DatasetException(dir + ": folder does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(dir + ": not a folder");
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            // Hidden files such as macOS "._x.png" resource forks carry image extensions but are not images.
            entries.filter(p -> Files.isRegularFile(p) && ImageCodec.isImageFile(p)
                            && !p.getFileName().toString().startsWith(HIDDEN_PREFIX))
                    .forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list folder (" + e + ")", e);
        }
        if (found.isEmpty()) {
            throw new DatasetException(dir + ": no PNG/JPEG images");
        }
        found.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return new ImageFolder(dir, found, cacheBudgetBytes, pixelBudget);
    }

    public Path dir() {
        return dir;
    }

    public int size() {
        return files.size();
    }

    public Path path(int i) {
        return files.get(i);
    }

    /** File name including extension. */
    public String name(int i) {
        return files.get(i).getFileName().toString();
    }

    /**
     * Decoded image i; thread-safe.
     *
     * @throws ImageTooLargeException over the folder's pixel budget
     */
    public FloatImage load(int i) {
        Path file = files.get(i);
        synchronized (this) {
            if (cache[i] != null) {
                return fromBytes(cachedSize[i][0], cachedSize[i][1], cache[i]);
            }
        }
        FloatImage img = ImageCodec.read(file, pixelBudget);
        long cost = (long) BYTES_PER_PIXEL * img.height() * img.width();
        synchronized (this) {
            if (cache[i] == null && cachedBytes + cost <= cacheBudgetBytes) {
                cache[i] = toBytes(img);
                cachedSize[i] = new int[] {img.height(), img.width()};
                cachedBytes += cost;
            }
        }
        return img;
    }

    /** Bytes of decoded pixels currently held. */
    public synchronized long cachedBytes() {
        return cachedBytes;
    }

    private static byte[] toBytes(FloatImage img) {
        int[] packed = img.toPackedRgb();
        byte[] out = new byte[BYTES_PER_PIXEL * packed.length];
        for (int i = 0; i < packed.length; i++) {
            out[BYTES_PER_PIXEL * i] = (byte) (packed[i] >> RED_SHIFT);
            out[BYTES_PER_PIXEL * i + 1] = (byte) (packed[i] >> GREEN_SHIFT);
            out[BYTES_PER_PIXEL * i + 2] = (byte) packed[i];
        }
        return out;
    }

    private static FloatImage fromBytes(int h, int w, byte[] rgb) {
        int[] packed = new int[h * w];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = ((rgb[BYTES_PER_PIXEL * i] & BYTE_MASK) << RED_SHIFT)
                    | ((rgb[BYTES_PER_PIXEL * i + 1] & BYTE_MASK) << GREEN_SHIFT)
                    | (rgb[BYTES_PER_PIXEL * i + 2] & BYTE_MASK);
        }
        return FloatImage.fromRgb(h, w, packed);
    }

    @Override
    public String toString() {
        return "ImageFolder[" + dir + ", " + files.size() + " images]";
    }
}
