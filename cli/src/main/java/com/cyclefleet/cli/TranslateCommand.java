package com.cyclefleet.cli;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.data.ImageFolder;
import com.cyclefleet.engine.infer.Direction;
import com.cyclefleet.engine.infer.GeneratorBundle;
import com.cyclefleet.engine.infer.Translator;
import com.cyclefleet.engine.io.Npy;
import com.cyclefleet.engine.io.TorchWeights;
import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.net.ResnetGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Translates an image, a folder of images, or a .npy NCHW float32 batch in [-1, 1] (output is "
                + "then .npy in the same layout). Sizes that are not multiples of 4 are reflect-padded and cropped back."})
final class TranslateCommand implements Callable<Integer> {
    private static final String NPY = ".npy";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--model", description = "Model file (model.zip) or training checkpoint.")
        Path model;
        @Option(names = "--torch-weights", description = "Folder of <state_dict key>.npy files of one reference generator.")
        Path torchWeights;
    }

    @Option(names = "--netG", description = "With --torch-weights: resnet_6blocks or resnet_9blocks.")
    String netG;
    @Option(names = "--ngf", description = "With --torch-weights: generator width.")
    Integer ngf;
    @Option(names = "--direction", defaultValue = "AtoB", description = "AtoB (G_A) or BtoA (G_B), with --model. Default ${DEFAULT-VALUE}.")
    String direction;
    @Option(names = "--input", required = true, description = "Image, folder of images, or .npy batch.")
    Path input;
    @Option(names = "--output", required = true, description = "Image, folder, or .npy (matching --input).")
    Path output;
    @Option(names = "--batch-size", defaultValue = "8", description = "Images per forward pass for folders. Default ${DEFAULT-VALUE}.")
    int batchSize;
    @Option(names = "--threads", description = "Native threads.")
    Integer threads;

    Translator translator() {
        if (source.model != null) {
            return GeneratorBundle.load(source.model).translator(Direction.parse(direction));
        }
        if (netG == null || ngf == null) {
            throw new IllegalArgumentException("--torch-weights needs --netG and --ngf");
        }
        ResnetGenerator g = new ResnetGenerator(new GeneratorSpec(netG, ngf), null, DataType.FLOAT);
        TorchWeights.load(g, source.torchWeights);
        return new Translator(g);
    }

    @Override
    public Integer call() throws IOException {
        Threads.apply(threads);
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1");
        }
        if (!Files.exists(input)) {
            throw new IllegalArgumentException(input + ": input does not exist");
        }
        Translator t = translator();
        long start = System.nanoTime();
        int count;
        if (input.toString().toLowerCase(Locale.ROOT).endsWith(NPY)) {
            if (!output.toString().toLowerCase(Locale.ROOT).endsWith(NPY)) {
                throw new IllegalArgumentException(output + ": a .npy input needs a .npy output");
            }
            INDArray x = Npy.read(input);
            if (x.rank() != 4 || x.size(1) != ResnetGenerator.IMAGE_CHANNELS) {
                throw new IllegalArgumentException(input + ": expected an NCHW batch [N, 3, H, W], got shape "
                        + java.util.Arrays.toString(x.shape()));
            }
            Npy.write(t.translate(x.castTo(DataType.FLOAT)), output);
            count = (int) x.size(0);
        } else if (Files.isDirectory(input)) {
            count = translateFolder(t);
        } else {
            ImageCodec.write(t.translate(List.of(ImageCodec.read(input))).get(0), output);
            count = 1;
        }
        System.err.printf(Locale.ROOT, "translated %d image(s) into %s in %.2f s%n", count, output,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private int translateFolder(Translator t) throws IOException {
        ImageFolder folder = ImageFolder.open(input);
        Files.createDirectories(output);
        for (int from = 0; from < folder.size(); from += batchSize) {
            int to = Math.min(folder.size(), from + batchSize);
            List<FloatImage> batch = new ArrayList<>();
            for (int i = from; i < to; i++) {
                batch.add(folder.load(i));
            }
            List<FloatImage> out = t.translate(batch);
            for (int i = from; i < to; i++) {
                ImageCodec.write(out.get(i - from), output.resolve(folder.name(i)));
            }
        }
        return folder.size();
    }
}
