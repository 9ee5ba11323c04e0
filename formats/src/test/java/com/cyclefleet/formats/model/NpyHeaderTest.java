package com.cyclefleet.formats.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NpyHeaderTest {

    private static byte[] file(String descr, long[] shape, int dataBytes) {
        byte[] header = NpyHeader.encode(descr, shape);
        return Arrays.copyOf(header, header.length + dataBytes);
    }

    @Test
    void encodedHeaderParsesBackAlignedAsNumpyPadsIt() {
        byte[] bytes = file(NpyHeader.FLOAT32, new long[]{8, 3, 7, 7}, 8 * 3 * 7 * 7 * 4);
        NpyHeader h = NpyHeader.float32(bytes);
        assertEquals(List.of(8L, 3L, 7L, 7L), h.shape());
        assertEquals(0, h.dataOffset() % 64);
        assertEquals(8 * 3 * 7 * 7, h.elements());
    }

    @Test
    void oneDimensionalShapeKeepsPythonsTrailingComma() {
        byte[] header = NpyHeader.encode(NpyHeader.FLOAT32, new long[]{5});
        assertTrue(new String(header, StandardCharsets.ISO_8859_1).contains("'shape': (5,)"));
        assertEquals(List.of(5L), NpyHeader.parse(Arrays.copyOf(header, header.length + 20)).shape());
    }

    @Test
    void float32RefusesOtherDtypesFortranOrderAndShortData() {
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> NpyHeader.float32(file(NpyHeader.FLOAT64, new long[]{2}, 16)));
        assertTrue(dtype.getMessage().startsWith("dtype is '<f8', expected '<f4'"), dtype.getMessage());
        IllegalArgumentException shortData = assertThrows(IllegalArgumentException.class,
                () -> NpyHeader.float32(file(NpyHeader.FLOAT32, new long[]{2, 2}, 12)));
        assertEquals("shape [2, 2] needs 16 data bytes but the file has 12", shortData.getMessage());
        byte[] fortran = file(NpyHeader.FLOAT32, new long[]{2}, 8);
        String text = new String(fortran, StandardCharsets.ISO_8859_1).replace("'fortran_order': False",
                "'fortran_order': True ");
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> NpyHeader.float32(text.getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(order.getMessage().contains("Fortran order"), order.getMessage());
    }

    @Test
    void notNpyAtAll() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NpyHeader.parse("PK\3\4 a zip".getBytes(
                StandardCharsets.ISO_8859_1))).getMessage().contains("magic"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NpyHeader.parse(new byte[3])).getMessage()
                .startsWith("too short"));
    }
}
