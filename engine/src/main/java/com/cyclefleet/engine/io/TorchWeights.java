package com.cyclefleet.engine.io;

import com.cyclefleet.engine.net.NLayerDiscriminator;
import com.cyclefleet.engine.net.Network;
import com.cyclefleet.engine.nn.Param;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reference weights as a directory of "&lt;state_dict key&gt;.npy" files in PyTorch layouts. Our layers keep PyTorch
 * layouts, so import and export are plain copies, checked key by key and shape by shape.
 */
public final class TorchWeights {
    private static final String EXT = ".npy";

    private TorchWeights() {
    }

    public static void load(Network net, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new NpyFormatException(dir + ": weights directory does not exist");
        }
        Map<String, Param> params = net.parametersByKey();
        List<String> missing = new ArrayList<>();
        for (String key : params.keySet()) {
            if (!Files.isRegularFile(dir.resolve(key + EXT))) {
                missing.add(key + EXT);
            }
        }
        if (!missing.isEmpty()) {
            throw new NpyFormatException(dir + ": missing " + missing.size() + " weight file(s) for this network: "
                    + String.join(", ", missing.subList(0, Math.min(missing.size(), 5)))
                    + (missing.size() > 5 ? ", ..." : "") + " (" + sizeHint(net) + ")");
        }
        List<String> unexpected = new ArrayList<>(present(dir));
        unexpected.removeAll(params.keySet());
        if (!unexpected.isEmpty()) {
            throw new NpyFormatException(dir + ": unexpected weight file(s) " + unexpected.subList(0,
                    Math.min(unexpected.size(), 5)) + " (" + sizeHint(net) + ")");
        }
        for (Param p : params.values()) {
            Path f = dir.resolve(p.key() + EXT);
            INDArray a = Npy.read(f);
            if (!Arrays.equals(a.shape(), p.value().shape())) {
                throw new NpyFormatException(f + ": key " + p.key() + " has shape " + Arrays.toString(a.shape())
                        + " but this network needs " + Arrays.toString(p.value().shape()) + " (" + sizeHint(net) + ")");
            }
            p.assign(a.castTo(p.value().dataType()));
        }
    }

    /** The options that decide this network's keys and shapes, for messages about a mismatch. */
    private static String sizeHint(Network net) {
        return net instanceof NLayerDiscriminator ? "check --ndf" : "check --netG / --ngf";
    }

    public static void save(Network net, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new NpyFormatException(dir + ": cannot create (" + e.getMessage() + ")");
        }
        for (Param p : net.parameters()) {
            Npy.write(p.value(), dir.resolve(p.key() + EXT));
        }
    }

    private static TreeSet<String> present(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            TreeSet<String> keys = new TreeSet<>();
            s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(EXT))
                    .forEach(n -> keys.add(n.substring(0, n.length() - EXT.length())));
            return keys;
        } catch (IOException e) {
            throw new NpyFormatException(dir + ": cannot list (" + e.getMessage() + ")");
        }
    }
}
