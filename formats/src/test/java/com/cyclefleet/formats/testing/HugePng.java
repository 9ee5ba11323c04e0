package com.cyclefleet.formats.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Valid PNGs that are small on disk and huge when decoded, written row by row so that making one costs no memory:
 * an all-black 8000x8000 RGB image is about 200 KB, a 30000x30000 1-bit one about 110 KB. Shared with the
 * coordinator's and the worker's tests through this module's test jar.
 */
public final class HugePng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int COLOR_GREY = 0;
    private static final int COLOR_RGB = 2;

    private HugePng() {
    }

    /** 8-bit RGB, every pixel black. */
    public static byte[] rgb(int width, int height) {
        return png(width, height, 8, COLOR_RGB, (long) width * 3);
    }

    /** 1-bit greyscale (bilevel), every pixel black: each stored bit decodes to 24. */
    public static byte[] bilevel(int width, int height) {
        return png(width, height, 1, COLOR_GREY, (width + 7L) / 8);
    }

    private static byte[] png(int width, int height, int bitDepth, int colorType, long rowBytes) {
        try {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(SIGNATURE);
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.writeByte(bitDepth);
            h.writeByte(colorType);
            h.writeByte(0); // deflate
            h.writeByte(0); // adaptive filtering
            h.writeByte(0); // no interlace
            chunk(file, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            byte[] row = new byte[(int) rowBytes + 1]; // filter byte 0, then zeros
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
                for (int y = 0; y < height; y++) {
                    z.write(row);
                }
            }
            chunk(file, "IDAT", idat.toByteArray());
            chunk(file, "IEND", new byte[0]);
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream file, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(file);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
