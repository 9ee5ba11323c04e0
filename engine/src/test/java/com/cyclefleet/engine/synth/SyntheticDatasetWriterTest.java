package com.cyclefleet.engine.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.util.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetWriterTest {
    private static final int SIZE = 32;

    @TempDir
    Path tmp;

    @Test
    void writesTheReferenceLayoutWithPairs() {
        Path out = tmp.resolve("ds");
        SyntheticDatasetWriter.write(out, 9, SIZE, 1);
        UnalignedDataset train = UnalignedDataset.open(out);
        assertEquals(9, train.a().size());
        assertEquals(9, train.b().size());
        UnalignedDataset test = UnalignedDataset.open(out, UnalignedDataset.TEST, 0);
        assertEquals(2, test.a().size());
        List<ImagePair> pairs = PairsFile.read(out.resolve("pairs.json"));
        assertEquals(2, pairs.size());
        assertEquals(new ImagePair("testA/scene_00000.png", "testB/scene_00000.png"), pairs.get(0));
        assertEquals(Palette.standard(), Palette.read(out.resolve("palette.json")));
        FloatImage photo = ImageCodec.read(out.resolve(pairs.get(1).photo()));
        assertEquals(SIZE, photo.height());
        assertEquals(SIZE, photo.width());
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherImages() throws IOException {
        SyntheticDatasetWriter.write(tmp.resolve("a"), 4, SIZE, 7);
        SyntheticDatasetWriter.write(tmp.resolve("b"), 4, SIZE, 7);
        SyntheticDatasetWriter.write(tmp.resolve("c"), 4, SIZE, 8);
        for (String f : List.of("trainA/scene_00000.png", "trainB/scene_00003.png", "testA/scene_00000.png")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b").resolve(f)));
        }
        assertFalse(ImageCodec.read(tmp.resolve("a/trainA/scene_00000.png"))
                .equals(ImageCodec.read(tmp.resolve("c/trainA/scene_00000.png"))));
    }

    @Test
    void labelMapsUseOnlyPaletteColoursAndPhotosDoNot() throws IOException {
        Path out = tmp.resolve("ds");
        SyntheticDatasetWriter.write(out, 8, SIZE, 3);
        Set<Integer> palette = new HashSet<>();
        Palette.standard().classes().forEach(c -> palette.add(c.rgb()));
        Set<Integer> labelColours = new HashSet<>();
        for (Path file : images(out.resolve("trainB"))) {
            for (int p : ImageCodec.read(file).toPackedRgb()) {
                assertTrue(palette.contains(p), file + " has non-palette colour " + Integer.toHexString(p));
                labelColours.add(p);
            }
        }
        assertTrue(labelColours.size() >= 5, "most classes appear: " + labelColours.size());
        for (Path file : images(out.resolve("trainA"))) {
            int[] photo = ImageCodec.read(file).toPackedRgb();
            int[] labels = ImageCodec.read(out.resolve("trainB").resolve(file.getFileName())).toPackedRgb();
            Set<Integer> colours = new HashSet<>();
            int same = 0;
            for (int i = 0; i < photo.length; i++) {
                colours.add(photo[i]);
                same += photo[i] == labels[i] ? 1 : 0;
            }
            assertTrue(colours.size() > 100, file + ": a photo has many colours, got " + colours.size());
            assertTrue(same < photo.length / 20, file + ": photo pixels equal to label pixels: " + same);
        }
    }

    @Test
    void photoAndLabelMapShowTheSameScene() {
        // Sky is bright and blueish or grey in the photo; road is dark grey: check the class means are ordered.
        Scene scene = new SceneGenerator().generate(64, new Rng(5));
        FloatImage photo = new PhotoRenderer().render(scene, new Rng(6));
        double sky = meanBrightness(scene, photo, SceneClass.SKY);
        double road = meanBrightness(scene, photo, SceneClass.ROAD);
        assertTrue(sky > road, "sky " + sky + " should be brighter than road " + road);
    }

    @Test
    void hundredSmallScenesAreQuick() {
        assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> SyntheticDatasetWriter.write(tmp.resolve("big"), 100, 64, 9));
    }

    private static double meanBrightness(Scene scene, FloatImage photo, SceneClass cls) {
        int plane = scene.size() * scene.size();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < plane; i++) {
            if (scene.classAt(i) == cls) {
                sum += photo.data()[i] + photo.data()[plane + i] + photo.data()[2 * plane + i];
                n++;
            }
        }
        assertTrue(n > 0, cls + " present");
        return sum / n;
    }

    private static List<Path> images(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
