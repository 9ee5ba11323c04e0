package com.cyclefleet.coordinator.service;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates a NumPy {@code .npy} file as the engine loads it: magic {@code \x93NUMPY}, format 1.x to 3.x, dtype
 * {@code <f4}, C order, and exactly as many data bytes as the shape needs.
 */
public final class NpyHeader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int PREAMBLE = MAGIC.length + 2;
    private static final int V1_LENGTH_BYTES = 2;
    private static final int V2_LENGTH_BYTES = 4;
    private static final int MAX_MAJOR = 3;
    private static final String FLOAT32 = "<f4";
    private static final int FLOAT32_BYTES = 4;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** A valid header's shape. */
    public record Info(List<Long> shape) {
    }

    private NpyHeader() {
    }

    /** @throws IllegalArgumentException naming what is wrong (without the entry name) */
    public static Info validate(byte[] bytes) {
        if (bytes.length < PREAMBLE) {
            throw new IllegalArgumentException("too short for a .npy file (" + bytes.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IllegalArgumentException("not a .npy file: the magic \\x93NUMPY is missing");
            }
        }
        int major = bytes[MAGIC.length] & 0xff;
        if (major < 1 || major > MAX_MAJOR) {
            throw new IllegalArgumentException("unsupported .npy format version " + major);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int lengthBytes = major == 1 ? V1_LENGTH_BYTES : V2_LENGTH_BYTES;
        if (bytes.length < PREAMBLE + lengthBytes) {
            throw new IllegalArgumentException("truncated .npy header");
        }
        long headerLength = major == 1 ? buffer.getShort(PREAMBLE) & 0xffff : buffer.getInt(PREAMBLE) & 0xffffffffL;
        long dataStart = PREAMBLE + lengthBytes + headerLength;
        if (dataStart > bytes.length) {
            throw new IllegalArgumentException("truncated .npy header (declares " + headerLength + " bytes)");
        }
        String header = new String(bytes, PREAMBLE + lengthBytes, (int) headerLength,
                major == MAX_MAJOR ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr");
        if (!FLOAT32.equals(descr)) {
            throw new IllegalArgumentException("dtype is '" + descr + "', expected '" + FLOAT32
                    + "' (little-endian float32; save with arr.astype(np.float32))");
        }
        if (!"False".equals(group(FORTRAN, header, "fortran_order"))) {
            throw new IllegalArgumentException("array is in Fortran order, expected C order "
                    + "(save np.ascontiguousarray(arr))");
        }
        List<Long> shape = new ArrayList<>();
        long elements = 1;
        for (String dim : group(SHAPE, header, "shape").split(",")) {
            if (!dim.isBlank()) {
                long d;
                try {
                    d = Long.parseLong(dim.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("shape has a non-integer dimension '" + dim.trim() + "'");
                }
                shape.add(d);
                elements *= d;
            }
        }
        long expected = elements * FLOAT32_BYTES;
        long actual = bytes.length - dataStart;
        if (actual != expected) {
            throw new IllegalArgumentException("shape " + shape + " needs " + expected + " data bytes but the file has "
                    + actual);
        }
        return new Info(List.copyOf(shape));
    }

    private static String group(Pattern pattern, String header, String field) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("header has no '" + field + "': " + header.trim());
        }
        return m.group(1);
    }
}
