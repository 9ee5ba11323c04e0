package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.domain.TooLarge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reading uploaded bodies and files with limits, and turning file names into object-key segments. */
public final class Uploads {

    /** An uploaded image in memory, or a zip entry. */
    public record NamedBytes(String name, byte[] bytes) {
    }

    /** An uploaded file on disk (a multipart part, or a request body spooled by {@link #spool}). */
    public record NamedFile(String name, Path path) {
    }

    private static final int COPY_BUFFER = 64 * 1024;
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final String SPOOL_PREFIX = "cyclefleet-upload-";
    private static final String SPOOL_SUFFIX = ".part";

    private Uploads() {
    }

    public static boolean looksLikeZip(String name, Path file) {
        if (name != null && name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(ZIP_MAGIC.length);
            return java.util.Arrays.equals(head, ZIP_MAGIC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file " + file, e);
        }
    }

    /**
     * Copies a request body to a temporary file, failing with 413 past the limit, so that a large upload costs
     * disk rather than heap. The caller deletes the file.
     */
    public static Path spool(InputStream in, long maxBytes, String what, String limitProperty) {
        Path file;
        try {
            file = Files.createTempFile(SPOOL_PREFIX, SPOOL_SUFFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for " + what, e);
        }
        try (in; OutputStream out = Files.newOutputStream(file)) {
            copyLimited(in, out, maxBytes, what, limitProperty);
            return file;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new InvalidRequest("cannot read " + what + ": " + e.getMessage());
        }
    }

    /** Reads a stream fully, failing with 413 past the limit. */
    public static byte[] readLimited(InputStream in, long maxBytes, String what, String limitProperty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (in) {
            copyLimited(in, out, maxBytes, what, limitProperty);
        } catch (IOException e) {
            throw new InvalidRequest("cannot read " + what + ": " + e.getMessage());
        }
        return out.toByteArray();
    }

    /** Reads a file fully, failing with 413 past the limit (before reading anything). */
    public static byte[] readLimited(NamedFile file, long maxBytes, String limitProperty) {
        requireAtMost(file, maxBytes, limitProperty);
        try {
            return Files.readAllBytes(file.path());
        } catch (IOException e) {
            throw new InvalidRequest("cannot read the uploaded file '" + file.name() + "': " + e.getMessage());
        }
    }

    /** @throws TooLarge when the file is larger than the limit */
    public static void requireAtMost(NamedFile file, long maxBytes, String limitProperty) {
        long size;
        try {
            size = Files.size(file.path());
        } catch (IOException e) {
            throw new InvalidRequest("cannot read the uploaded file '" + file.name() + "': " + e.getMessage());
        }
        if (size > maxBytes) {
            throw new TooLarge("'" + file.name() + "' is " + size
                    + " bytes, over the limit of " + maxBytes + " bytes (" + limitProperty + ")");
        }
    }

    private static void copyLimited(InputStream in, OutputStream out, long maxBytes, String what,
                                    String limitProperty) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new TooLarge(what + " is over the limit of " + maxBytes
                        + " bytes (" + limitProperty + ")");
            }
            out.write(buffer, 0, n);
        }
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is cleaned with the temp directory; the request's answer matters more
        }
    }

    public static String baseName(String path) {
        String p = path.replace('\\', '/');
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** A file name made safe as one object-key segment: the base name with other characters replaced by '_'. */
    public static String safeFileName(String name, String fallback) {
        String base = name == null ? "" : baseName(name);
        return safeSegment(base, fallback);
    }

    /** A whole path made one object-key segment: directories joined by '_', other characters replaced too. */
    public static String safePathName(String path, String fallback) {
        return safeSegment(path.replace('\\', '/').replace('/', '_'), fallback);
    }

    private static String safeSegment(String raw, String fallback) {
        String safe = raw.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("\\.\\.+", ".").replaceAll("^[^A-Za-z0-9]+", "");
        return safe.isEmpty() ? fallback : safe;
    }
}
