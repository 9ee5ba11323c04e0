package com.cyclefleet.engine.io;

import com.cyclefleet.formats.model.NpyHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy .npy reader and writer for little-endian float32/float64 C-order arrays: the format of the reference fixture
 * and of exported PyTorch state_dicts. The header is formats' {@link NpyHeader}, shared with the coordinator; errors
 * name the file and the problem.
 */
public final class Npy {
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
        NpyHeader header;
        try {
            header = NpyHeader.parse(bytes);
            header.requireCOrder();
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(name + ": " + e.getMessage());
        }
        DataType type;
        int width;
        switch (header.descr()) {
            case NpyHeader.FLOAT32 -> {
                type = DataType.FLOAT;
                width = Float.BYTES;
            }
            case NpyHeader.FLOAT64 -> {
                type = DataType.DOUBLE;
                width = Double.BYTES;
            }
            default -> throw new NpyFormatException(name + ": dtype " + header.descr() + " not supported (need "
                    + NpyHeader.FLOAT32 + " or " + NpyHeader.FLOAT64 + ")");
        }
        try {
            header.requireDataBytes(bytes.length, width);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(name + ": " + e.getMessage() + " (truncated?)");
        }
        int data = header.dataOffset();
        long[] shape = header.shapeArray();
        ByteBuffer body = ByteBuffer.wrap(bytes, data, bytes.length - data).order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(header.elements());
        if (type == DataType.FLOAT) {
            float[] v = new float[n];
            body.asFloatBuffer().get(v);
            return Nd4j.create(v, shape, 'c');
        }
        double[] v = new double[n];
        body.asDoubleBuffer().get(v);
        return Nd4j.create(v, shape, 'c');
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(NpyHeader.encode(dbl ? NpyHeader.FLOAT64 : NpyHeader.FLOAT32, a.shape()));
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
