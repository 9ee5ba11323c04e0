package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.domain.TooLarge;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads the files of a zip on disk one entry at a time, each into at most {@link Limits#maxEntryBytes()}, so memory
 * stays bounded by one entry whatever the archive holds. Every limit is checked while reading and answers 413; the
 * same zip read twice gives the same entries, which is what lets an upload validate everything in a first pass and
 * write only in a second.
 */
public final class ZipReader {

    /**
     * @param maxEntries    files in the zip at most (directories and metadata do not count)
     * @param maxTotalBytes uncompressed bytes of all files together at most
     * @param maxEntryBytes uncompressed bytes of one file at most
     * @param maxRatio      uncompressed-to-compressed ratio of one file at most
     */
    public record Limits(int maxEntries, long maxTotalBytes, long maxEntryBytes, int maxRatio) {
    }

    /** Receives each file of the zip in order, with its index among the files. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(int index, String name, byte[] bytes);
    }

    private static final int COPY_BUFFER = 64 * 1024;
    private static final String MAC_METADATA = "__MACOSX/";
    private static final String ENTRIES_LIMIT = "cyclefleet.uploads.max-archive-entries";
    private static final String TOTAL_LIMIT = "cyclefleet.uploads.max-archive-bytes";
    private static final String ENTRY_LIMIT = "cyclefleet.uploads.max-image-bytes";
    private static final String RATIO_LIMIT = "cyclefleet.uploads.max-compression-ratio";

    private ZipReader() {
    }

    /**
     * Calls the consumer for every file of the zip (directories, {@code __MACOSX/} and dot files skipped).
     *
     * @return how many files there were
     * @throws TooLarge at the first limit passed; InvalidRequest for a zip that cannot be read or holds no files
     */
    public static int forEachFile(Path zip, String zipName, Limits limits, EntryConsumer consumer) {
        int files = 0;
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(Files.newInputStream(zip), COPY_BUFFER))) {
            byte[] buffer = new byte[COPY_BUFFER];
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.isDirectory() || entry.getName().startsWith(MAC_METADATA)
                        || Uploads.baseName(entry.getName()).startsWith(".")) {
                    continue;
                }
                if (files >= limits.maxEntries()) {
                    throw tooLarge("zip '" + zipName + "' has more than " + limits.maxEntries() + " files ("
                            + ENTRIES_LIMIT + ")");
                }
                byte[] bytes = readEntry(in, buffer, entry, zipName, limits, limits.maxTotalBytes() - total);
                total += bytes.length;
                long compressed = entry.getCompressedSize();
                if (compressed > 0 && bytes.length > compressed * limits.maxRatio()) {
                    throw tooLarge("entry '" + entry.getName() + "' of zip '" + zipName + "' expands " + compressed
                            + " bytes to " + bytes.length + ", more than " + limits.maxRatio() + " times ("
                            + RATIO_LIMIT + "): a zip bomb, or an image that is not compressed");
                }
                consumer.accept(files, entry.getName(), bytes);
                files++;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidRequest("'" + zipName + "' is not a readable zip: " + e.getMessage());
        }
        if (files == 0) {
            throw new InvalidRequest("zip '" + zipName + "' contains no files");
        }
        return files;
    }

    private static byte[] readEntry(InputStream in, byte[] buffer, ZipEntry entry, String zipName, Limits limits,
                                    long totalLeft) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            size += n;
            if (size > limits.maxEntryBytes()) {
                throw tooLarge("entry '" + entry.getName() + "' of zip '" + zipName + "' expands to more than "
                        + limits.maxEntryBytes() + " bytes (" + ENTRY_LIMIT + ")");
            }
            if (size > totalLeft) {
                throw tooLarge("zip '" + zipName + "' expands to more than " + limits.maxTotalBytes() + " bytes ("
                        + TOTAL_LIMIT + ")");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static TooLarge tooLarge(String message) {
        return new TooLarge(message);
    }
}
