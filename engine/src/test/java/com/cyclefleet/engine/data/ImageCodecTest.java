package com.cyclefleet.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.formats.image.PixelBudget;
import com.cyclefleet.formats.testing.HugePng;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCodecTest {
    @TempDir
    Path tmp;

    @Test
    void pngRoundTripIsExact() {
        FloatImage img = TestImages.gradient(17, 23, 5);
        Path file = tmp.resolve("sub/x.png");
        ImageCodec.write(img, file);
        assertEquals(img, ImageCodec.read(file));
        assertEquals(img, ImageCodec.decode(ImageCodec.encode(img, "png"), "mem.png"));
    }

    @Test
    void jpegRoundTripIsClose() {
        int[] smooth = new int[32 * 32];
        for (int i = 0; i < smooth.length; i++) {
            smooth[i] = ((i % 32) * 8 << 16) | ((i / 32) * 8 << 8) | 128;
        }
        FloatImage img = FloatImage.fromRgb(32, 32, smooth);
        Path file = tmp.resolve("x.JPG");
        ImageCodec.write(img, file);
        int[] a = img.toPackedRgb();
        int[] b = ImageCodec.read(file).toPackedRgb();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                sum += Math.abs(((a[i] >> shift) & 0xFF) - ((b[i] >> shift) & 0xFF));
            }
        }
        double meanError = sum / (3.0 * a.length);
        assertTrue(meanError < 2, "mean JPEG error " + meanError);
    }

    @Test
    void greyPngKeepsItsValues() throws IOException {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 1, 0, 100);
        grey.getRaster().setSample(2, 0, 0, 200);
        int[] rgb = ImageCodec.decode(png(grey), "grey.png").toPackedRgb();
        assertEquals(0x646464, rgb[4]);
        assertEquals(0xC8C8C8, rgb[2]);
        assertEquals(0, rgb[0]);
    }

    @Test
    void alphaIsDroppedAndPalettesAreLookedUp() throws IOException {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x000A141E);
        argb.setRGB(1, 0, 0xFF0A141E);
        assertArrayEquals(new int[] {0x0A141E, 0x0A141E}, ImageCodec.decode(png(argb), "a.png").toPackedRgb());

        byte[] r = {(byte) 200, 0};
        byte[] g = {10, 0};
        byte[] b = {30, (byte) 255};
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, g, b));
        indexed.getRaster().setSample(1, 0, 0, 1);
        assertArrayEquals(new int[] {0xC80A1E, 0x0000FF}, ImageCodec.decode(png(indexed), "p.png").toPackedRgb());
    }

    @Test
    void corruptBytesNameTheFile() {
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ImageCodec.decode(new byte[] {1, 2, 3, 4, 5}, "broken.png"));
        assertEquals("broken.png: not a readable PNG/JPEG image", e.getMessage());
    }

    @Test
    void truncatedPngNamesTheFile() {
        byte[] full = ImageCodec.encode(TestImages.gradient(20, 20, 1), "png");
        byte[] half = java.util.Arrays.copyOf(full, full.length / 2);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageCodec.decode(half, "cut.png"));
        assertTrue(e.getMessage().startsWith("cut.png: "), e.getMessage());
    }

    @Test
    void emptyFileNamesTheFile() throws IOException {
        Path file = Files.createFile(tmp.resolve("empty.png"));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageCodec.read(file));
        assertEquals(file + ": empty file", e.getMessage());
    }

    @Test
    void unsupportedWriteExtensionNamesTheFile() {
        Path file = tmp.resolve("x.gif");
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ImageCodec.write(TestImages.constant(2, 2, 0), file));
        assertTrue(e.getMessage().startsWith(file + ": unsupported extension"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void recognisesImageExtensionsCaseInsensitively() {
        assertTrue(ImageCodec.isImageFile(Path.of("a.PNG")));
        assertTrue(ImageCodec.isImageFile(Path.of("d/a.jpeg")));
        assertTrue(ImageCodec.isImageFile(Path.of("a.Jpg")));
        assertTrue(ImageCodec.isImageFile(Path.of("a.bmp")));
        assertFalse(ImageCodec.isImageFile(Path.of("a.txt")));
        assertFalse(ImageCodec.isImageFile(Path.of("png")));
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void anImageOverThePixelBudgetIsRefusedBeforeDecoding() {
        // 200 KB on disk, 8000x8000 pixels: decoding it ran a worker out of heap (issue 14)
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
                () -> ImageCodec.decode(HugePng.rgb(8000, 8000), "big.png"));
        assertTrue(e.getMessage().startsWith("big.png: 8000x8000 pixels"), e.getMessage());
        assertThrows(ImageTooLargeException.class,
                () -> ImageCodec.decode(HugePng.bilevel(30000, 30000), "bilevel.png"));
        FloatImage ok = ImageCodec.decode(HugePng.rgb(64, 32), "ok.png", new PixelBudget(64 * 32));
        assertEquals(64, ok.width());
        assertThrows(ImageTooLargeException.class,
                () -> ImageCodec.decode(HugePng.rgb(64, 32), "ok.png", new PixelBudget(64 * 32 - 1)));
    }
}
