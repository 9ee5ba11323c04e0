package com.cyclefleet.cli;

import com.cyclefleet.engine.infer.Direction;
import com.cyclefleet.engine.infer.GeneratorBundle;
import com.cyclefleet.engine.net.Network;
import com.cyclefleet.engine.io.ZipEntries;
import com.cyclefleet.engine.train.Checkpoint;
import com.cyclefleet.engine.train.CycleGanModel;
import com.cyclefleet.engine.train.TorchWeightsFolder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a model's networks as reference (PyTorch) weights: OUT/G_A/ and OUT/G_B/, plus OUT/D_A/ "
                + "and OUT/D_B/ when --model is a training checkpoint, each a folder of <state_dict key>.npy in "
                + "PyTorch layouts. `train --init-torch-weights OUT` reads it back; docs/command-line.md turns it into .pth "
                + "files."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model file (model.zip) or training checkpoint.")
    Path model;
    @Option(names = "--torch-weights", required = true, paramLabel = "OUT", description = "Folder to write.")
    Path out;

    @Override
    public Integer call() {
        ZipEntries z = ZipEntries.read(model);
        Map<String, Network> nets;
        if (Checkpoint.isCheckpoint(z)) {
            nets = Checkpoint.model(z).networks();
        } else {
            GeneratorBundle bundle = GeneratorBundle.from(z);
            nets = new LinkedHashMap<>();
            nets.put(CycleGanModel.G_A, bundle.generator(Direction.AtoB));
            nets.put(CycleGanModel.G_B, bundle.generator(Direction.BtoA));
        }
        TorchWeightsFolder.save(nets, out);
        System.err.printf("wrote %s to %s%n", String.join("/ ", nets.keySet()) + "/", out);
        return 0;
    }
}
