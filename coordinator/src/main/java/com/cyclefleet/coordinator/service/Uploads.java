package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.api.ApiException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Reading uploaded files and zips with limits, and turning file names into object-key segments. */
public final class Uploads {

    /** An uploaded file or a zip entry. */
    public record NamedBytes(String name, byte[] bytes) {
    }

    private static final int COPY_BUFFER = 64 * 1024;
    private static final String MAC_METADATA = "__MACOSX/";
    private static final String ZIP_MAGIC = "PK\u0003\u0004";

    private Uploads() {
    }

    public static boolean looksLikeZip(String name, byte[] bytes) {
        if (name != null && name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return true;
        }
        return bytes.length >= ZIP_MAGIC.length() && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
    }

    /**
     * The files of a zip (directories and macOS metadata skipped), checking the entry count and the total
     * uncompressed size so that a small zip cannot expand without bound.
     */
    public static List<NamedBytes> unzip(byte[] zip, String zipName, int maxEntries, long maxTotalBytes) {
        List<NamedBytes> files = new ArrayList<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            byte[] buffer = new byte[COPY_BUFFER];
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isDirectory() || entry.getName().startsWith(MAC_METADATA)
                        || baseName(entry.getName()).startsWith(".")) {
                    continue;
                }
                if (files.size() >= maxEntries) {
                    throw new ApiException(ApiException.PAYLOAD_TOO_LARGE, "zip '" + zipName + "' has more than "
                            + maxEntries + " files (cyclefleet.uploads.max-archive-entries)");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > maxTotalBytes) {
                        throw new ApiException(ApiException.PAYLOAD_TOO_LARGE, "zip '" + zipName + "' expands to more"
                                + " than " + maxTotalBytes + " bytes (cyclefleet.uploads.max-archive-bytes)");
                    }
                    out.write(buffer, 0, n);
                }
                files.add(new NamedBytes(entry.getName(), out.toByteArray()));
            }
        } catch (IOException e) {
            throw ApiException.badRequest("'" + zipName + "' is not a readable zip: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw ApiException.badRequest("zip '" + zipName + "' contains no files");
        }
        return files;
    }

    /** Reads a stream fully, failing with 413 past the limit. */
    public static byte[] readLimited(InputStream in, long maxBytes, String what, String limitProperty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[COPY_BUFFER];
        long total = 0;
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new ApiException(ApiException.PAYLOAD_TOO_LARGE, what + " is over the limit of " + maxBytes
                            + " bytes (" + limitProperty + ")");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read " + what + ": " + e.getMessage());
        }
        return out.toByteArray();
    }

    public static String baseName(String path) {
        String p = path.replace('\\', '/');
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** A file name made safe as one object-key segment: the base name with other characters replaced by '_'. */
    public static String safeFileName(String name, String fallback) {
        String base = name == null ? "" : baseName(name);
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("\\.\\.+", ".").replaceAll("^[^A-Za-z0-9]+", "");
        return safe.isEmpty() ? fallback : safe;
    }
}
