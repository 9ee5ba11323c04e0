package com.cyclefleet.formats.image;

import com.cyclefleet.formats.testing.HugePng;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixelBudgetTest {

    @Test
    void aSmallFileDeclaringHugeDimensionsIsRefusedFromItsHeader() {
        byte[] png = HugePng.rgb(8000, 8000);
        assertTrue(png.length < 400_000, "the probe is a small file: " + png.length);
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> PixelBudget.DEFAULT.check(png, "big.png"));
        assertEquals(ImageRejectedException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().startsWith("big.png: 8000x8000 pixels (24 bits per pixel"), e.getMessage());
    }

    @Test
    void aBilevelImageCountsItsDecodedPixels() {
        byte[] png = HugePng.bilevel(30000, 30000);
        assertTrue(png.length < 400_000, "the probe is a small file: " + png.length);
        ImageHeader header = ImageHeader.read(png, "bilevel.png");
        assertEquals(1, header.bitsPerPixel());
        assertEquals(900_000_000L, header.pixels());
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> PixelBudget.DEFAULT.check(header, "bilevel.png"));
        assertEquals(ImageRejectedException.Reason.TOO_LARGE, e.reason());
    }

    @Test
    void anImageWithinTheBudgetPasses() throws IOException {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        ImageHeader header = new PixelBudget(64 * 48).check(out.toByteArray(), "ok.png");
        assertEquals(new ImageHeader("png", 64, 48, 24), header);
        assertEquals("image/png", header.contentType());
        assertThrows(ImageRejectedException.class, () -> new PixelBudget(64 * 48 - 1).check(out.toByteArray(), "x"));
    }

    @Test
    void emptyAndNonImageBytesAreNamed() {
        assertEquals(ImageRejectedException.Reason.EMPTY, assertThrows(ImageRejectedException.class,
                () -> ImageHeader.read(new byte[0], "e.png")).reason());
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> ImageHeader.read("hello".getBytes(), "t.png"));
        assertEquals(ImageRejectedException.Reason.NOT_AN_IMAGE, e.reason());
        assertTrue(e.getMessage().startsWith("t.png: not an image"), e.getMessage());
    }

    @Test
    void aBudgetBelowOnePixelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PixelBudget(0));
    }
}
