package com.cyclefleet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.io.Npy;
import com.cyclefleet.engine.io.TorchWeights;
import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.net.ResnetGenerator;
import com.cyclefleet.engine.util.Rng;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TranslateCommandTest {
    private static int run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        assertEquals(0, code, err.toString());
        return code;
    }

    /** The exact form the issue names: 9 blocks, ngf 16, .npy in and out, batch of 3, a non-square size. */
    @Test
    void torchWeightsNpyBatchMatchesTheNetwork(@TempDir Path tmp) {
        ResnetGenerator g = new ResnetGenerator(new GeneratorSpec(GeneratorSpec.RESNET_9, 16), new Rng(3), DataType.FLOAT);
        Path w = tmp.resolve("W");
        TorchWeights.save(g, w);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 3, 12, 20).muli(2).subi(1);
        Npy.write(x, tmp.resolve("x.npy"));
        run("translate", "--torch-weights", w.toString(), "--netG", "resnet_9blocks", "--ngf", "16", "--input",
                tmp.resolve("x.npy").toString(), "--output", tmp.resolve("y.npy").toString());
        INDArray y = Npy.read(tmp.resolve("y.npy"));
        assertArrayEquals(x.shape(), y.shape());
        assertEquals(0.0, g.apply(x).sub(y).amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void foldersAndOddSizes(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("ds");
        run("dataset", "synth", "--out", data.toString(), "--count", "4", "--size", "30", "--seed", "2");
        ResnetGenerator g = new ResnetGenerator(new GeneratorSpec(GeneratorSpec.RESNET_6, 4), new Rng(3), DataType.FLOAT);
        TorchWeights.save(g, tmp.resolve("W"));
        run("translate", "--torch-weights", tmp.resolve("W").toString(), "--netG", "resnet_6blocks", "--ngf", "4",
                "--input", data.resolve("testA").toString(), "--output", tmp.resolve("out").toString());
        try (var files = Files.list(tmp.resolve("out"))) {
            assertTrue(files.allMatch(f -> {
                var im = ImageCodec.read(f);
                return im.height() == 30 && im.width() == 30;
            }));
        }
    }
}
