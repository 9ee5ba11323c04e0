package com.cyclefleet.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.synth.ImagePair;
import com.cyclefleet.engine.synth.PairsFile;
import com.cyclefleet.engine.synth.Palette;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    @TempDir
    static Path data;

    /** Ground truth both ways: photo to its label map and label map to its photo; anything else passes through. */
    private static final Map<FloatImage, FloatImage> TRUTH = new HashMap<>();

    @BeforeAll
    static void writeDataset() {
        SyntheticDatasetWriter.write(data, 12, 32, 5);
        for (ImagePair p : PairsFile.read(data.resolve("pairs.json"))) {
            FloatImage photo = ImageCodec.read(data.resolve(p.photo()));
            FloatImage labels = ImageCodec.read(data.resolve(p.labels()));
            TRUTH.put(photo, labels);
            TRUTH.put(labels, photo);
        }
    }

    private static final ImageTranslator PERFECT = batch -> batch.stream().map(i -> TRUTH.getOrDefault(i, i)).toList();
    private static final ImageTranslator IDENTITY = batch -> batch;

    @Test
    void perfectTranslatorsScorePerfectly() throws Exception {
        EvalReport r = Evaluation.run(data, PERFECT, PERFECT, 2);
        assertEquals(3, r.images());
        assertEquals(1.0, r.photoToLabels().pixelAccuracy());
        assertEquals(1.0, r.photoToLabels().meanClassAccuracy());
        assertEquals(1.0, r.photoToLabels().classIoU());
        assertEquals(ImageMetrics.MAX_PSNR_DB, r.labelsToPhoto().psnr());
        assertEquals(1.0, r.labelsToPhoto().ssim(), 1e-12);
        assertEquals(0.0, r.labelsToPhoto().l1());
        assertEquals(0.0, r.cycle().l1A());
        assertEquals(0.0, r.cycle().l1B());

        String json = r.toJson();
        assertFalse(json.contains("Infinity") || json.contains("NaN"), json);
        JsonNode tree = new ObjectMapper().readTree(json);
        assertEquals(100.0, tree.path("labelsToPhoto").path("psnr").asDouble());
        assertEquals(1.0, tree.path("photoToLabels").path("perClassIoU").path("sky").asDouble());
        assertTrue(tree.path("cycle").has("l1A"));
        assertEquals(r, EvalReport.fromJson(json));
    }

    @Test
    void wrongTranslatorScoresBadly() {
        ImageTranslator flipped = batch -> {
            List<FloatImage> out = new ArrayList<>();
            for (FloatImage i : batch) {
                out.add(TRUTH.getOrDefault(i, i).flipHorizontal().crop(0, 0, i.height() / 2, i.width()));
            }
            return out;
        };
        EvalReport r = Evaluation.run(data, flipped, IDENTITY, 3);
        assertTrue(r.photoToLabels().pixelAccuracy() < 0.9, "accuracy " + r.photoToLabels().pixelAccuracy());
        assertTrue(r.labelsToPhoto().psnr() < 20, "psnr " + r.labelsToPhoto().psnr());
        assertTrue(r.cycle().l1A() > 0.05);
        assertEquals(0.0, r.identity().l1A(), "identity translator reproduces photos");
    }

    @Test
    void identityPhotoToLabelsIsFarFromPerfect() {
        EvalReport r = Evaluation.run(data, IDENTITY, IDENTITY, 4);
        assertTrue(r.photoToLabels().pixelAccuracy() < 0.8, "accuracy " + r.photoToLabels().pixelAccuracy());
        assertEquals(0.0, r.cycle().l1A());
    }

    @Test
    void pairsByFileNameWithoutPairsOrPaletteFiles(@TempDir Path copy) throws Exception {
        for (String dir : List.of("testA", "testB")) {
            Files.createDirectories(copy.resolve(dir));
            try (var files = Files.list(data.resolve(dir))) {
                for (Path f : files.toList()) {
                    Files.copy(f, copy.resolve(dir).resolve(f.getFileName()));
                }
            }
        }
        EvalReport r = Evaluation.run(copy, PERFECT, PERFECT, 8);
        assertEquals(3, r.images());
        assertEquals(1.0, r.photoToLabels().pixelAccuracy());
        assertEquals(Palette.standard().size(), Palette.standard().classes().size());
    }
}
