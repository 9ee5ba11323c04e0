package com.cyclefleet.formats.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file: magic {@code \x93NUMPY}, format 1.x to 3.x, then a Python dict literal
 * with {@code descr}, {@code fortran_order} and {@code shape}. Parsed here once for the engine, which then reads the
 * data with ND4J, and for the coordinator, which only checks and copies the bytes.
 *
 * @param descr        the dtype, e.g. {@value #FLOAT32}
 * @param fortranOrder whether the data is column-major
 * @param shape        the dimensions
 * @param dataOffset   where the data starts
 */
public record NpyHeader(String descr, boolean fortranOrder, List<Long> shape, int dataOffset) {
    public static final String FLOAT32 = "<f4";
    public static final String FLOAT64 = "<f8";
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int PREAMBLE = MAGIC.length + 2;
    private static final int V1_LENGTH_BYTES = 2;
    private static final int V2_LENGTH_BYTES = 4;
    private static final int MAX_MAJOR = 3;
    /** numpy pads the header so that the data starts on this boundary. */
    private static final int HEADER_ALIGN = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public NpyHeader {
        shape = List.copyOf(shape);
    }

    /** @throws IllegalArgumentException naming what is wrong (the caller adds the file's name) */
    public static NpyHeader parse(byte[] bytes) {
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
        boolean fortran = "True".equals(group(FORTRAN, header, "fortran_order"));
        List<Long> shape = new ArrayList<>();
        for (String dim : group(SHAPE, header, "shape").split(",")) {
            if (!dim.isBlank()) {
                try {
                    shape.add(Long.parseLong(dim.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("shape has a non-integer dimension '" + dim.trim() + "'");
                }
            }
        }
        return new NpyHeader(descr, fortran, shape, (int) dataStart);
    }

    /**
     * A header of a little-endian float32, C-order array whose data is exactly as long as its shape needs: the
     * only kind the engine's networks load.
     */
    public static NpyHeader float32(byte[] bytes) {
        NpyHeader h = parse(bytes);
        if (!FLOAT32.equals(h.descr())) {
            throw new IllegalArgumentException("dtype is '" + h.descr() + "', expected '" + FLOAT32
                    + "' (little-endian float32; save with arr.astype(np.float32))");
        }
        h.requireCOrder();
        h.requireDataBytes(bytes.length, Float.BYTES);
        return h;
    }

    public void requireCOrder() {
        if (fortranOrder) {
            throw new IllegalArgumentException("array is in Fortran order, expected C order "
                    + "(save np.ascontiguousarray(arr))");
        }
    }

    /** @param fileLength the whole file's length; {@code width} the bytes per element */
    public void requireDataBytes(long fileLength, int width) {
        long expected = elements() * width;
        long actual = fileLength - dataOffset;
        if (actual != expected) {
            throw new IllegalArgumentException("shape " + shape + " needs " + expected + " data bytes but the file has "
                    + actual);
        }
    }

    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long[] shapeArray() {
        return shape.stream().mapToLong(Long::longValue).toArray();
    }

    /** A version 1.0 header (magic to the newline) for a C-order array, padded as numpy pads it. */
    public static byte[] encode(String descr, long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (long s : shape) {
            dims.append(s).append(", ");
        }
        if (shape.length > 1) {
            dims.setLength(dims.length() - 2);
        } else if (shape.length == 1) {
            dims.setLength(dims.length() - 1);
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int pre = PREAMBLE + V1_LENGTH_BYTES;
        int total = pre + dict.length() + 1;
        int padded = (total + HEADER_ALIGN - 1) / HEADER_ALIGN * HEADER_ALIGN;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer out = ByteBuffer.allocate(pre + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.ISO_8859_1));
        return out.array();
    }

    private static String group(Pattern pattern, String header, String field) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("header has no '" + field + "': " + header.trim());
        }
        return m.group(1);
    }
}
