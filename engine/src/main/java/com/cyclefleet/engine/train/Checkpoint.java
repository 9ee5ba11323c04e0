package com.cyclefleet.engine.train;

import com.cyclefleet.formats.model.ModelFiles;
import com.cyclefleet.formats.training.TrainingParameters;

import com.cyclefleet.engine.data.BatchSourceState;
import com.cyclefleet.engine.data.UnalignedDataset;
import com.cyclefleet.engine.io.NpyFormatException;
import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.net.Network;
import com.cyclefleet.engine.nn.Param;
import com.cyclefleet.engine.io.Json;
import com.cyclefleet.engine.io.ModelFileException;
import com.cyclefleet.engine.io.ZipEntries;
import com.cyclefleet.engine.util.Rng;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact-resume checkpoint: weights of all four networks, both Adam states, the iteration counter (from which the
 * epoch and learning rate follow), both image pools with their RNGs, the data-order and augmentation RNGs, and the
 * loss history. Arrays are stored as raw float32 .npy so a reload is bit-identical.
 */
public final class Checkpoint {
    public static final int FORMAT = ModelFiles.FORMAT;
    private static final String MANIFEST = ModelFiles.CHECKPOINT_MANIFEST;
    private static final String HISTORY = "loss-history.jsonl";
    private static final String NPY = ModelFiles.NPY;

    private Checkpoint() {
    }

    record OptimizerState(long steps) {
    }

    record PoolState(int count, Rng.State rng) {
    }

    record Manifest(int format, TrainingParameters config, long iteration, OptimizerState adamG, OptimizerState adamD,
                    PoolState poolFakeA, PoolState poolFakeB, BatchSourceState data) {
    }

    public static void save(CycleGanTrainer t, Path file) {
        writer(t).writeTo(file);
    }

    public static byte[] toBytes(CycleGanTrainer t) {
        return writer(t).toBytes();
    }

    private static ZipEntries.Writer writer(CycleGanTrainer t) {
        ZipEntries.Writer w = new ZipEntries.Writer();
        Manifest m = new Manifest(FORMAT, t.config(), t.iteration(), new OptimizerState(t.optimizerG().steps()),
                new OptimizerState(t.optimizerD().steps()), pool(t.poolFakeA()), pool(t.poolFakeB()), t.data().state());
        try {
            w.put(MANIFEST, Json.MAPPER.writeValueAsBytes(m));
            StringBuilder sb = new StringBuilder();
            for (IterationLosses l : t.history()) {
                sb.append(Json.MAPPER.writeValueAsString(l)).append('\n');
            }
            w.put(HISTORY, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelFileException("cannot encode checkpoint manifest: " + e.getMessage());
        }
        for (Map.Entry<String, Network> n : t.model().networks().entrySet()) {
            for (Param p : n.getValue().parameters()) {
                w.put(ModelFiles.entry(n.getKey(), p.key()), p.value());
            }
        }
        putMoments(w, "adam/G", t.optimizerG());
        putMoments(w, "adam/D", t.optimizerD());
        putPool(w, "pool/fakeA/", t.poolFakeA());
        putPool(w, "pool/fakeB/", t.poolFakeB());
        return w;
    }

    private static PoolState pool(ImagePool p) {
        return new PoolState(p.images().size(), p.rng().state());
    }

    private static void putMoments(ZipEntries.Writer w, String prefix, AdamOptimizer opt) {
        for (String k : opt.params().keySet()) {
            w.put(prefix + "/m/" + k + NPY, opt.firstMoments().get(k));
            w.put(prefix + "/v/" + k + NPY, opt.secondMoments().get(k));
        }
    }

    private static void putPool(ZipEntries.Writer w, String prefix, ImagePool p) {
        for (int i = 0; i < p.images().size(); i++) {
            w.put(prefix + i + NPY, p.images().get(i));
        }
    }

    /** Restores a run; the dataset must be the one it was trained on (same image counts). */
    public static CycleGanTrainer load(Path file, UnalignedDataset dataset) {
        return restore(ZipEntries.read(file), dataset);
    }

    public static CycleGanTrainer load(InputStream in, String name, UnalignedDataset dataset) {
        return restore(ZipEntries.read(in, name), dataset);
    }

    /** The config stored in a checkpoint, e.g. to report or compare before resuming. */
    public static TrainingParameters config(Path file) {
        return manifest(ZipEntries.read(file)).config();
    }

    private static Manifest manifest(ZipEntries z) {
        if (!z.has(MANIFEST)) {
            throw new ModelFileException(z.source() + ": not a training checkpoint (no " + MANIFEST + ")");
        }
        Manifest m;
        try {
            m = Json.MAPPER.readValue(z.bytes(MANIFEST), Manifest.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(z.source() + ": unreadable checkpoint manifest (" + e.getMessage() + ")");
        }
        if (m.format() != FORMAT) {
            throw new ModelFileException(z.source() + ": checkpoint format " + m.format() + " not supported (need " + FORMAT + ")");
        }
        return m;
    }

    private static CycleGanTrainer restore(ZipEntries z, UnalignedDataset dataset) {
        Manifest m = manifest(z);
        CycleGanTrainer t = new CycleGanTrainer(m.config(), dataset, false);
        try {
            fillNetworks(z, t.model());
            restoreMoments(z, "adam/G", t.optimizerG(), m.adamG().steps());
            restoreMoments(z, "adam/D", t.optimizerD(), m.adamD().steps());
            t.poolFakeA().restore(poolImages(z, "pool/fakeA/", m.poolFakeA().count()), m.poolFakeA().rng());
            t.poolFakeB().restore(poolImages(z, "pool/fakeB/", m.poolFakeB().count()), m.poolFakeB().rng());
        } catch (NpyFormatException e) {
            throw new ModelFileException(e.getMessage());
        }
        try {
            t.data().restore(m.data());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(z.source() + ": " + e.getMessage());
        }
        t.restoreHistory(history(z));
        t.setIteration(m.iteration());
        return t;
    }

    /** Whether a model file is a training checkpoint (rather than a serving bundle). */
    public static boolean isCheckpoint(ZipEntries z) {
        return z.has(MANIFEST);
    }

    /** The four networks of a checkpoint, without its training state (no dataset needed). */
    public static CycleGanModel model(ZipEntries z) {
        CycleGanModel model = new CycleGanModel(manifest(z).config(), null);
        fillNetworks(z, model);
        return model;
    }

    /** Shape-checked reads: any problem is a ModelFileException naming the archive and entry. */
    private static void fillNetworks(ZipEntries z, CycleGanModel model) {
        for (Map.Entry<String, Network> n : model.networks().entrySet()) {
            for (Param p : n.getValue().parameters()) {
                p.assign(z.array(ModelFiles.entry(n.getKey(), p.key()), p.value().shape()));
            }
        }
    }

    private static void restoreMoments(ZipEntries z, String prefix, AdamOptimizer opt, long steps) {
        Map<String, INDArray> first = new LinkedHashMap<>();
        Map<String, INDArray> second = new LinkedHashMap<>();
        for (String k : opt.params().keySet()) {
            first.put(k, z.array(prefix + "/m/" + k + NPY, opt.params().get(k).value().shape()));
            second.put(k, z.array(prefix + "/v/" + k + NPY, opt.params().get(k).value().shape()));
        }
        opt.restore(steps, first, second);
    }

    private static List<INDArray> poolImages(ZipEntries z, String prefix, int count) {
        List<INDArray> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(z.array(prefix + i + NPY));
        }
        return out;
    }

    private static List<IterationLosses> history(ZipEntries z) {
        List<IterationLosses> out = new ArrayList<>();
        if (!z.has(HISTORY)) {
            return out;
        }
        String text = new String(z.bytes(HISTORY), StandardCharsets.UTF_8);
        try {
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    out.add(Json.MAPPER.readValue(line, IterationLosses.class));
                }
            }
        } catch (IOException e) {
            throw new ModelFileException(z.source() + ": unreadable loss history (" + e.getMessage() + ")");
        }
        return out;
    }

}
