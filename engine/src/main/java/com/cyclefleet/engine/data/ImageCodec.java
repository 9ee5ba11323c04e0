package com.cyclefleet.engine.data;

import com.cyclefleet.formats.image.ImageRejectedException;
import com.cyclefleet.formats.image.PixelBudget;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Reads PNG/JPEG/BMP files into RGB {@link FloatImage}s and writes PNG/JPEG, through javax.imageio. */
public final class ImageCodec {
    public static final String PNG = "png";
    public static final String JPEG = "jpg";
    public static final float JPEG_QUALITY = 0.95f;

    private static final Set<String> READABLE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp");
    private static final int EIGHT_BITS = 8;
    private static final int SIXTEEN_BITS = 16;
    private static final int MAX_BYTE = 255;
    private static final int RGB_COMPONENTS = 3;
    private static final int RED_SHIFT = 16;
    private static final int GREEN_SHIFT = 8;
    private static final int RGB_MASK = 0xFFFFFF;

    private ImageCodec() {
    }

    public static FloatImage read(Path file) {
        return read(file, PixelBudget.DEFAULT);
    }

    /** Refuses a file over {@code budget} from its header, before decoding it. */
    public static FloatImage read(Path file, PixelBudget budget) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read file (" + e + ")", e);
        }
        return decode(bytes, file.toString(), budget);
    }

    public static FloatImage decode(byte[] bytes, String nameForErrors) {
        return decode(bytes, nameForErrors, PixelBudget.DEFAULT);
    }

    /**
     * @throws ImageTooLargeException over {@code budget}, found from the header before a pixel is decoded
     * @throws ImageFormatException   empty, corrupt or unsupported
     */
    public static FloatImage decode(byte[] bytes, String nameForErrors, PixelBudget budget) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageFormatException(nameForErrors, "empty file");
        }
        try {
            budget.check(bytes, nameForErrors);
        } catch (ImageRejectedException e) {
            if (e.reason() == ImageRejectedException.Reason.TOO_LARGE) {
                throw new ImageTooLargeException(e);
            }
            // anything else ImageIO's full read below reports in its own words
        }
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            // ImageIO signals truncated or unsupported variants (e.g. CMYK JPEG) with assorted exception types.
            throw new ImageFormatException(nameForErrors, "corrupt or unsupported image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new ImageFormatException(nameForErrors, "not a readable PNG/JPEG image");
        }
        return FloatImage.fromRgb(img.getHeight(), img.getWidth(), toPackedRgb(img));
    }

    public static void write(FloatImage image, Path file) {
        String format = formatFor(file);
        byte[] bytes = encode(image, format);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write file (" + e + ")", e);
        }
    }

    /** @param format "png" or "jpg" (also "jpeg") */
    public static byte[] encode(FloatImage image, String format) {
        String fmt = format.toLowerCase(Locale.ROOT);
        BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(0, 0, image.width(), image.height(), image.toPackedRgb(), 0, image.width());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            switch (fmt) {
                case PNG -> ImageIO.write(img, PNG, out);
                case JPEG, "jpeg" -> writeJpeg(img, out);
                default -> throw new IllegalArgumentException("unsupported image format '" + format + "' (use png or jpg)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + fmt + " image (" + e + ")", e);
        }
        return out.toByteArray();
    }

    /** By extension (png, jpg, jpeg, bmp; any case); the content is not inspected. */
    public static boolean isImageFile(Path file) {
        return READABLE_EXTENSIONS.contains(extension(file));
    }

    private static String formatFor(Path file) {
        return switch (extension(file)) {
            case "png" -> PNG;
            case "jpg", "jpeg" -> JPEG;
            default -> throw new ImageFormatException(file.toString(),
                    "unsupported extension for writing (use .png, .jpg or .jpeg)");
        };
    }

    private static String extension(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return "";
        }
        String s = name.toString();
        int dot = s.lastIndexOf('.');
        return dot < 0 ? "" : s.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static void writeJpeg(BufferedImage img, ByteArrayOutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG writer available in this JVM");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /**
     * Any decoded image as 0xRRGGBB, like PIL's convert("RGB"): alpha is dropped, grey is replicated, palettes are
     * looked up. Grey and sRGB rasters are read as raw samples because BufferedImage.getRGB would push grey through
     * Java's linear-grey colour space and change the values.
     */
    private static int[] toPackedRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        ColorModel cm = img.getColorModel();
        int colours = cm.getNumColorComponents();
        boolean raw = !(cm instanceof IndexColorModel)
                && (colours == 1 || (colours == RGB_COMPONENTS && cm.getColorSpace().isCS_sRGB()));
        if (!raw) {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                argb[i] &= RGB_MASK;
            }
            return argb;
        }
        Raster raster = img.getRaster();
        int bands = raster.getNumBands();
        int[] samples = raster.getPixels(0, 0, w, h, (int[]) null);
        int[] bits = cm.getComponentSize();
        int[] out = new int[w * h];
        for (int i = 0; i < out.length; i++) {
            int base = i * bands;
            int r = toByte(samples[base], bits[0]);
            if (colours == 1) {
                out[i] = (r << RED_SHIFT) | (r << GREEN_SHIFT) | r;
            } else {
                int g = toByte(samples[base + 1], bits[1]);
                int b = toByte(samples[base + 2], bits[2]);
                out[i] = (r << RED_SHIFT) | (g << GREEN_SHIFT) | b;
            }
        }
        return out;
    }

    /** 16-bit samples keep their high byte (as PIL does for 16-bit RGB PNGs); low bit depths are stretched. */
    private static int toByte(int sample, int bits) {
        if (bits == EIGHT_BITS) {
            return sample;
        }
        if (bits == SIXTEEN_BITS) {
            return sample >>> EIGHT_BITS;
        }
        int max = (1 << bits) - 1;
        return (int) Math.round((double) sample * MAX_BYTE / max);
    }
}
