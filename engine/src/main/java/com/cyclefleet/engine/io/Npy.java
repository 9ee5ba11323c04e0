package com.cyclefleet.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy .npy reader and writer for little-endian float32/float64 C-order arrays: the format of the reference fixture
 * and of exported PyTorch state_dicts. Written here so that errors name the file and the problem.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int HEADER_ALIGN = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static INDArray read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new NpyFormatException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return decode(bytes, file.toString());
    }

    public static INDArray decode(byte[] bytes, String name) {
        if (bytes.length < MAGIC.length + 4) {
            throw new NpyFormatException(name + ": not a .npy file (too short)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new NpyFormatException(name + ": not a .npy file (bad magic)");
            }
        }
        int major = bytes[6];
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(bb.getShort(8));
            offset = 10;
        } else {
            headerLen = bb.getInt(8);
            offset = 12;
        }
        if (offset + headerLen > bytes.length) {
            throw new NpyFormatException(name + ": truncated header");
        }
        String header = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, name, "descr");
        if ("True".equals(group(FORTRAN, header, name, "fortran_order"))) {
            throw new NpyFormatException(name + ": Fortran-order arrays are not supported; save with C order");
        }
        long[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        int data = offset + headerLen;
        DataType type;
        int width;
        switch (descr) {
            case "<f4" -> {
                type = DataType.FLOAT;
                width = Float.BYTES;
            }
            case "<f8" -> {
                type = DataType.DOUBLE;
                width = Double.BYTES;
            }
            default -> throw new NpyFormatException(name + ": dtype " + descr + " not supported (need <f4 or <f8)");
        }
        if (bytes.length - data != count * width) {
            throw new NpyFormatException(name + ": expected " + count * width + " data bytes for shape "
                    + java.util.Arrays.toString(shape) + " but found " + (bytes.length - data) + " (truncated?)");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, data, bytes.length - data).order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(count);
        if (type == DataType.FLOAT) {
            float[] v = new float[n];
            body.asFloatBuffer().get(v);
            return Nd4j.create(v, shape, 'c');
        }
        double[] v = new double[n];
        body.asDoubleBuffer().get(v);
        return Nd4j.create(v, shape, 'c');
    }

    private static String group(Pattern p, String header, String name, String field) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new NpyFormatException(name + ": header has no '" + field + "'");
        }
        return m.group(1);
    }

    private static long[] parseShape(String s, String name) {
        List<Long> dims = new ArrayList<>();
        for (String part : s.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                try {
                    dims.add(Long.parseLong(t));
                } catch (NumberFormatException e) {
                    throw new NpyFormatException(name + ": bad shape (" + s + ")");
                }
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    public static void write(INDArray a, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, encode(a));
        } catch (IOException e) {
            throw new NpyFormatException(file + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /** float32 or float64 as stored; other types are written as float32. */
    public static byte[] encode(INDArray a) {
        boolean dbl = a.dataType() == DataType.DOUBLE;
        INDArray c = a.dataType() == DataType.DOUBLE || a.dataType() == DataType.FLOAT
                ? a.dup('c') : a.castTo(DataType.FLOAT).dup('c');
        StringBuilder shape = new StringBuilder();
        for (long s : a.shape()) {
            shape.append(s).append(", ");
        }
        if (a.rank() > 1) {
            shape.setLength(shape.length() - 2);
        } else if (a.rank() == 1) {
            shape.setLength(shape.length() - 1);
        }
        String dict = "{'descr': '" + (dbl ? "<f8" : "<f4") + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int pre = MAGIC.length + 4;
        int total = pre + dict.length() + 1;
        int padded = (total + HEADER_ALIGN - 1) / HEADER_ALIGN * HEADER_ALIGN;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xFF);
        out.write((header.length() >> 8) & 0xFF);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        long n = c.length();
        ByteBuffer body = ByteBuffer.allocate(Math.toIntExact(n * (dbl ? Double.BYTES : Float.BYTES)))
                .order(ByteOrder.LITTLE_ENDIAN);
        if (dbl) {
            body.asDoubleBuffer().put(c.data().asDouble());
        } else {
            body.asFloatBuffer().put(c.data().asFloat());
        }
        out.writeBytes(body.array());
        return out.toByteArray();
    }
}
