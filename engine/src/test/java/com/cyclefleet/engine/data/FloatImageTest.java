package com.cyclefleet.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatImageTest {
    @Test
    void packedRgbRoundTripsExactlyAndMapsToUnitRange() {
        int[] packed = {0x000000, 0xFFFFFF, 0x80FF00, 0x123456, 0x7F7F7F, 0x010203};
        FloatImage img = FloatImage.fromRgb(2, 3, packed);
        assertArrayEquals(packed, img.toPackedRgb());
        assertEquals(-1f, img.data()[0]);
        assertEquals(1f, img.data()[1]);
        assertEquals((float) (128 / 127.5 - 1), img.data()[2], 0f);
    }

    @Test
    void toByteRoundsAndClamps() {
        assertEquals(0, FloatImage.toByte(-3f));
        assertEquals(255, FloatImage.toByte(2f));
        assertEquals(128, FloatImage.toByte(0f)); // 127.5 rounds half up
        assertEquals(0, FloatImage.toByte(Float.NaN));
    }

    @Test
    void rejectsWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FloatImage(2, 2, new float[11]));
        assertTrue(e.getMessage().contains("12"), e.getMessage());
    }

    @Test
    void cropTakesTheWindowInEveryChannel() {
        FloatImage img = TestImages.gradient(5, 6, 1);
        FloatImage c = img.crop(1, 2, 3, 2);
        int[] all = img.toPackedRgb();
        int[] part = c.toPackedRgb();
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 2; x++) {
                assertEquals(all[(y + 1) * 6 + x + 2], part[y * 2 + x]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> img.crop(3, 0, 3, 2));
    }

    @Test
    void flipMirrorsColumnsAndTwiceIsIdentity() {
        FloatImage img = TestImages.gradient(3, 4, 2);
        FloatImage f = img.flipHorizontal();
        int[] a = img.toPackedRgb();
        int[] b = f.toPackedRgb();
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(a[y * 4 + x], b[y * 4 + 3 - x]);
            }
        }
        assertEquals(img, f.flipHorizontal());
    }
}
