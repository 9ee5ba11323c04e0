package com.cyclefleet.engine.eval;

import com.cyclefleet.engine.data.DatasetException;
import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.data.ImageFolder;
import com.cyclefleet.engine.data.Resize;
import com.cyclefleet.engine.synth.ImagePair;
import com.cyclefleet.engine.synth.PairsFile;
import com.cyclefleet.engine.synth.Palette;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores both translation directions on a dataset's paired test split (A = photos, B = label maps): segmentation
 * scores for photo to labels, PSNR/SSIM/L1 for labels to photo, and the cycle and identity L1s.
 */
public final class Evaluation {
    private static final String TEST_A = "testA";
    private static final String TEST_B = "testB";

    private Evaluation() {
    }

    /**
     * Pairs come from dataDir/pairs.json, or else from equal file names in testA/ and testB/; the palette from
     * dataDir/palette.json, or else {@link Palette#standard()}.
     */
    public static EvalReport run(Path dataDir, ImageTranslator aToB, ImageTranslator bToA, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        List<ImagePair> pairs = pairs(dataDir);
        Path paletteFile = dataDir.resolve(SyntheticDatasetWriter.PALETTE_FILE);
        Palette palette = Files.exists(paletteFile) ? Palette.read(paletteFile) : Palette.standard();

        SegmentationScore segmentation = new SegmentationScore();
        double psnr = 0;
        double ssim = 0;
        double l1 = 0;
        double cycleA = 0;
        double cycleB = 0;
        double identityA = 0;
        double identityB = 0;
        for (int start = 0; start < pairs.size(); start += batchSize) {
            List<ImagePair> chunk = pairs.subList(start, Math.min(pairs.size(), start + batchSize));
            List<FloatImage> photos = new ArrayList<>();
            List<FloatImage> labels = new ArrayList<>();
            for (ImagePair p : chunk) {
                photos.add(ImageCodec.read(dataDir.resolve(p.photo())));
                labels.add(ImageCodec.read(dataDir.resolve(p.labels())));
            }
            List<FloatImage> fakeLabels = translate(aToB, photos, "photo->labels");
            List<FloatImage> fakePhotos = translate(bToA, labels, "labels->photo");
            List<FloatImage> recPhotos = translate(bToA, fakeLabels, "cycle photo->labels->photo");
            List<FloatImage> recLabels = translate(aToB, fakePhotos, "cycle labels->photo->labels");
            List<FloatImage> idPhotos = translate(bToA, photos, "identity photo");
            List<FloatImage> idLabels = translate(aToB, labels, "identity labels");
            for (int i = 0; i < chunk.size(); i++) {
                FloatImage photo = photos.get(i);
                FloatImage label = labels.get(i);
                // Label predictions are resized with nearest so no blended colours are invented; photos bicubically.
                segmentation.add(fitNearest(fakeLabels.get(i), label), label, palette);
                FloatImage fakePhoto = fitBicubic(fakePhotos.get(i), photo);
                psnr += ImageMetrics.psnr(fakePhoto, photo);
                ssim += ImageMetrics.ssim(fakePhoto, photo);
                l1 += ImageMetrics.l1(fakePhoto, photo);
                cycleA += ImageMetrics.l1(fitBicubic(recPhotos.get(i), photo), photo);
                cycleB += ImageMetrics.l1(fitBicubic(recLabels.get(i), label), label);
                identityA += ImageMetrics.l1(fitBicubic(idPhotos.get(i), photo), photo);
                identityB += ImageMetrics.l1(fitBicubic(idLabels.get(i), label), label);
            }
        }
        int n = pairs.size();
        return new EvalReport(n,
                new EvalReport.PhotoToLabels(segmentation.pixelAccuracy(), segmentation.meanClassAccuracy(),
                        segmentation.classIoU(), segmentation.perClassAccuracy(), segmentation.perClassIoU()),
                new EvalReport.LabelsToPhoto(psnr / n, ssim / n, l1 / n),
                new EvalReport.Cycle(cycleA / n, cycleB / n),
                new EvalReport.Identity(identityA / n, identityB / n));
    }

    private static List<ImagePair> pairs(Path dataDir) {
        Path pairsFile = dataDir.resolve(PairsFile.FILE_NAME);
        if (Files.exists(pairsFile)) {
            List<ImagePair> pairs = PairsFile.read(pairsFile);
            if (pairs.isEmpty()) {
                throw new DatasetException(pairsFile + ": lists no pairs");
            }
            return pairs;
        }
        ImageFolder a = ImageFolder.open(dataDir.resolve(TEST_A), 0);
        ImageFolder b = ImageFolder.open(dataDir.resolve(TEST_B), 0);
        List<String> namesB = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            namesB.add(b.name(i));
        }
        List<ImagePair> pairs = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (namesB.contains(a.name(i))) {
                pairs.add(new ImagePair(TEST_A + "/" + a.name(i), TEST_B + "/" + a.name(i)));
            }
        }
        if (pairs.isEmpty()) {
            throw new DatasetException(dataDir + ": no " + PairsFile.FILE_NAME + " and no file name appears in both "
                    + TEST_A + "/ and " + TEST_B + "/, so there is nothing to pair");
        }
        return pairs;
    }

    private static List<FloatImage> translate(ImageTranslator t, List<FloatImage> in, String what) {
        List<FloatImage> out = t.translate(in);
        if (out == null || out.size() != in.size()) {
            throw new IllegalStateException(what + ": translator returned " + (out == null ? "null" : out.size() + " images")
                    + " for " + in.size() + " inputs");
        }
        return out;
    }

    /** Translators may change the size (e.g. to a network-friendly multiple); scores compare at the truth's size. */
    private static FloatImage fitNearest(FloatImage img, FloatImage like) {
        return sameSize(img, like) ? img : Resize.nearest(img, like.height(), like.width());
    }

    private static FloatImage fitBicubic(FloatImage img, FloatImage like) {
        return sameSize(img, like) ? img : Resize.bicubic(img, like.height(), like.width());
    }

    private static boolean sameSize(FloatImage a, FloatImage b) {
        return a.height() == b.height() && a.width() == b.width();
    }
}
