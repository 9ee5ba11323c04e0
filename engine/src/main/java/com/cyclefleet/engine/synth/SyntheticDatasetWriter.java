package com.cyclefleet.engine.synth;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.util.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a synthetic photo/label-map dataset in the reference's folder layout. Domain A is photos, domain B is
 * label maps. As with Cityscapes in the paper, trainA and trainB render the same scenes (the trainer never uses the
 * pairing); testA/X.png and testB/X.png are one scene, listed in pairs.json for evaluation.
 */
public final class SyntheticDatasetWriter {
    public static final String PALETTE_FILE = "palette.json";
    public static final int MIN_SIZE = 16;
    /** One test scene for every this many training scenes (at least one). */
    private static final int TRAIN_PER_TEST = 4;
    private static final int MIN_NAME_DIGITS = 5;

    private SyntheticDatasetWriter() {
    }

    /**
     * @param count training scenes; the test split gets max(1, count / 4)
     * @param size image side in pixels
     */
    public static void write(Path out, int count, int size, long seed) {
        if (count <= 0) {
            throw new IllegalArgumentException("scene count must be positive, got " + count);
        }
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("image size must be at least " + MIN_SIZE + " pixels, got " + size);
        }
        Palette palette = Palette.standard();
        Rng root = new Rng(seed);
        int testCount = Math.max(1, count / TRAIN_PER_TEST);
        int digits = Math.max(MIN_NAME_DIGITS, String.valueOf(Math.max(count, testCount)).length());
        writeSplit(out, "train", count, size, digits, palette, root);
        List<String> testNames = writeSplit(out, "test", testCount, size, digits, palette, root);
        List<ImagePair> pairs = new ArrayList<>();
        for (String name : testNames) {
            pairs.add(new ImagePair("testA/" + name, "testB/" + name));
        }
        PairsFile.write(out.resolve(PairsFile.FILE_NAME), pairs);
        palette.write(out.resolve(PALETTE_FILE));
    }

    private static List<String> writeSplit(Path out, String phase, int count, int size, int digits, Palette palette,
                                           Rng root) {
        Path dirA = out.resolve(phase + "A");
        Path dirB = out.resolve(phase + "B");
        try {
            Files.createDirectories(dirA);
            Files.createDirectories(dirB);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot create dataset folders (" + e + ")", e);
        }
        SceneGenerator generator = new SceneGenerator();
        PhotoRenderer photos = new PhotoRenderer();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // One stream per scene: a scene's look does not depend on how many draws earlier scenes needed.
            Rng sceneRng = root.split();
            Scene scene = generator.generate(size, sceneRng);
            FloatImage photo = photos.render(scene, sceneRng);
            FloatImage labels = LabelMapRenderer.render(scene, palette);
            String name = String.format("scene_%0" + digits + "d.png", i);
            ImageCodec.write(photo, dirA.resolve(name));
            ImageCodec.write(labels, dirB.resolve(name));
            names.add(name);
        }
        return names;
    }
}
