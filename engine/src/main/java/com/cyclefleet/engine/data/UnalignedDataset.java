package com.cyclefleet.engine.data;

import com.cyclefleet.formats.image.PixelBudget;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two unpaired image domains of a CycleGAN dataset folder: {phase}A/ and {phase}B/. */
public final class UnalignedDataset {
    public static final String TRAIN = "train";
    public static final String TEST = "test";

    private final Path root;
    private final ImageFolder a;
    private final ImageFolder b;

    private UnalignedDataset(Path root, ImageFolder a, ImageFolder b) {
        this.root = root;
        this.a = a;
        this.b = b;
    }

    /** The training split: root/trainA and root/trainB. */
    public static UnalignedDataset open(Path root) {
        return open(root, TRAIN, ImageFolder.DEFAULT_CACHE_BUDGET_BYTES);
    }

    /** @param cacheBudgetBytes in-memory pixel budget for each of the two folders */
    public static UnalignedDataset open(Path root, String phase, long cacheBudgetBytes) {
        return open(root, phase, cacheBudgetBytes, PixelBudget.DEFAULT);
    }

    /**
     * @param cacheBudgetBytes in-memory pixel budget for each of the two folders
     * @param pixelBudget      most pixels of one image; a larger one is refused when loaded, before decoding
     */
    public static UnalignedDataset open(Path root, String phase, long cacheBudgetBytes, PixelBudget pixelBudget) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + ": dataset folder does not exist");
        }
        String nameA = phase + "A";
        String nameB = phase + "B";
        Path dirA = root.resolve(nameA);
        Path dirB = root.resolve(nameB);
        boolean hasA = Files.isDirectory(dirA);
        boolean hasB = Files.isDirectory(dirB);
        if (!hasA || !hasB) {
            String missing = !hasA && !hasB ? nameA + "/ and " + nameB + "/" : (hasA ? nameB : nameA) + "/";
            throw new DatasetException(root + ": dataset folder must contain " + nameA + "/ and " + nameB
                    + "/ (missing " + missing + ")");
        }
        return new UnalignedDataset(root, ImageFolder.open(dirA, cacheBudgetBytes, pixelBudget),
                ImageFolder.open(dirB, cacheBudgetBytes, pixelBudget));
    }

    public Path root() {
        return root;
    }

    public ImageFolder a() {
        return a;
    }

    public ImageFolder b() {
        return b;
    }

    /** Iterations per epoch in the reference: the larger domain is seen once, the smaller one wraps around. */
    public int epochSize() {
        return Math.max(a.size(), b.size());
    }
}
