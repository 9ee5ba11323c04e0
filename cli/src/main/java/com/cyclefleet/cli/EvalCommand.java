package com.cyclefleet.cli;

import com.cyclefleet.engine.eval.EvalReport;
import com.cyclefleet.engine.eval.Evaluation;
import com.cyclefleet.engine.infer.Direction;
import com.cyclefleet.engine.infer.GeneratorBundle;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Scores a model on a dataset's test split (testA photos, testB label maps, paired by pairs.json "
                + "or by file name) and prints JSON: photo->labels per-pixel accuracy, per-class accuracy and class "
                + "IoU (nearest palette colour); labels->photo PSNR, SSIM and L1; cycle L1."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model file (model.zip) or training checkpoint.")
    Path model;
    @Option(names = "--data", required = true, description = "Dataset folder with testA/ and testB/.")
    Path data;
    @Option(names = "--batch-size", defaultValue = "4", description = "Images per forward pass. Default ${DEFAULT-VALUE}.")
    int batchSize;
    @Option(names = "--threads", description = "Native threads.")
    Integer threads;

    @Override
    public Integer call() {
        Threads.apply(threads);
        GeneratorBundle bundle = GeneratorBundle.load(model);
        EvalReport report = Evaluation.run(data, bundle.translator(Direction.AtoB)::translate,
                bundle.translator(Direction.BtoA)::translate, batchSize);
        System.out.println(report.toJson());
        return 0;
    }
}
