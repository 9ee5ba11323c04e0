package com.cyclefleet.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checkpoints and model files are zip archives of .npy arrays and JSON; this reads and writes them whole. Reading
 * checks every entry's CRC, so a truncated or corrupted file is refused instead of half-loaded.
 */
public final class ZipEntries {
    private final Map<String, byte[]> entries;
    private final String source;

    private ZipEntries(Map<String, byte[]> entries, String source) {
        this.entries = entries;
        this.source = source;
    }

    public static ZipEntries read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException(file + ": file does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    public static ZipEntries read(InputStream raw, String name) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipInputStream zin = new ZipInputStream(raw)) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                m.put(e.getName(), zin.readAllBytes());
            }
        } catch (IOException e) {
            throw new ModelFileException(name + ": truncated or corrupt archive (" + e.getMessage() + ")");
        }
        if (m.isEmpty()) {
            throw new ModelFileException(name + ": not a CycleFleet model or checkpoint (empty or not a zip archive)");
        }
        return new ZipEntries(m, name);
    }

    public String source() {
        return source;
    }

    public boolean has(String entry) {
        return entries.containsKey(entry);
    }

    public byte[] bytes(String entry) {
        byte[] b = entries.get(entry);
        if (b == null) {
            throw new ModelFileException(source + ": missing entry '" + entry + "' (truncated or not written by this version?)");
        }
        return b;
    }

    public INDArray array(String entry) {
        return Npy.decode(bytes(entry), source + "!" + entry);
    }

    /** The entry as an array of the given shape; any problem is a ModelFileException naming the archive and entry. */
    public INDArray array(String entry, long[] expectedShape) {
        INDArray a;
        try {
            a = array(entry);
        } catch (com.cyclefleet.engine.io.NpyFormatException e) {
            throw new ModelFileException(e.getMessage());
        }
        if (!java.util.Arrays.equals(a.shape(), expectedShape)) {
            throw new ModelFileException(source + ": " + entry + " has shape " + java.util.Arrays.toString(a.shape())
                    + ", expected " + java.util.Arrays.toString(expectedShape));
        }
        return a;
    }

    public Map<String, byte[]> all() {
        return entries;
    }

    /** Builds an archive in memory and writes it atomically (temp file, then rename), so readers never see half. */
    public static final class Writer {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final ZipOutputStream zip = new ZipOutputStream(buffer);

        public Writer put(String entry, byte[] data) {
            try {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(data);
                zip.closeEntry();
            } catch (IOException e) {
                throw new ModelFileException(entry + ": cannot add to archive (" + e.getMessage() + ")");
            }
            return this;
        }

        public Writer put(String entry, INDArray array) {
            return put(entry, Npy.encode(array));
        }

        public byte[] toBytes() {
            try {
                zip.close();
            } catch (IOException e) {
                throw new ModelFileException("cannot finish archive (" + e.getMessage() + ")");
            }
            return buffer.toByteArray();
        }

        public void writeTo(Path file) {
            byte[] bytes = toBytes();
            try {
                Path abs = file.toAbsolutePath();
                Files.createDirectories(abs.getParent());
                Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    out.write(bytes);
                }
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new ModelFileException(file + ": cannot write (" + e.getMessage() + ")");
            }
        }
    }
}
