package com.cyclefleet.engine.train;

import com.cyclefleet.engine.io.NpyFormatException;
import com.cyclefleet.engine.io.TorchWeights;
import com.cyclefleet.engine.net.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A CycleGAN's networks as the reference names them, one {@link TorchWeights} folder each: {@code G_A/ G_B/ D_A/ D_B/}
 * under one directory. The reference's four {@code latest_net_*.pth} files become this with a few numpy lines
 * (docs/command-line.md), so it is how reference runs come in and how our runs go back.
 */
public final class TorchWeightsFolder {
    private static final List<String> GENERATORS = List.of(CycleGanModel.G_A, CycleGanModel.G_B);
    private static final List<String> DISCRIMINATORS = List.of(CycleGanModel.D_A, CycleGanModel.D_B);

    private TorchWeightsFolder() {
    }

    /**
     * Overwrites the model's networks with the folder's. Both generators must be there; a discriminator without a
     * folder keeps the weights the model already has (its fresh initialisation), since serving exports carry none.
     *
     * @return the discriminators the folder did not have, in reference order
     */
    public static List<String> load(CycleGanModel model, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new NpyFormatException(dir + ": reference weights folder does not exist");
        }
        Map<String, Network> nets = model.networks();
        for (String g : GENERATORS) {
            if (!Files.isDirectory(dir.resolve(g))) {
                throw new NpyFormatException(dir + ": no " + g + "/ folder (expected " + String.join("/ ", GENERATORS)
                        + "/ and optionally " + String.join("/ ", DISCRIMINATORS) + "/)");
            }
        }
        List<String> absent = new ArrayList<>();
        for (Map.Entry<String, Network> n : nets.entrySet()) {
            Path sub = dir.resolve(n.getKey());
            if (DISCRIMINATORS.contains(n.getKey()) && !Files.isDirectory(sub)) {
                absent.add(n.getKey());
                continue;
            }
            TorchWeights.load(n.getValue(), sub);
        }
        return absent;
    }

    /** Writes each network to {@code dir/<name>/<state_dict key>.npy}, float32 in PyTorch layouts. */
    public static void save(Map<String, ? extends Network> networks, Path dir) {
        for (Map.Entry<String, ? extends Network> n : networks.entrySet()) {
            TorchWeights.save(n.getValue(), dir.resolve(n.getKey()));
        }
    }
}
