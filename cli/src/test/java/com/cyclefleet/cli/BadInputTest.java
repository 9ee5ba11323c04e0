package com.cyclefleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.data.FloatImage;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.io.Npy;
import com.cyclefleet.engine.io.TorchWeights;
import com.cyclefleet.engine.net.GeneratorSpec;
import com.cyclefleet.engine.net.ResnetGenerator;
import com.cyclefleet.engine.util.Rng;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Every bad input gives one clear message naming the file and the problem, a non-zero exit, and no stack trace. */
class BadInputTest {
    @TempDir
    static Path tmp;
    static Path weights;

    record Result(int code, String err) {
    }

    static Result run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        return new Result(code, err.toString());
    }

    static void assertBadInput(Result r, String... fragments) {
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "message should mention '" + f + "': " + r.err());
        }
    }

    @BeforeAll
    static void weights() {
        weights = tmp.resolve("w6");
        TorchWeights.save(new ResnetGenerator(new GeneratorSpec(GeneratorSpec.RESNET_6, 4), new Rng(1), DataType.FLOAT),
                weights);
    }

    private String[] translate(Path in, Path out, String... extra) {
        String[] base = {"translate", "--torch-weights", weights.toString(), "--netG", "resnet_6blocks", "--ngf", "4",
                "--input", in.toString(), "--output", out.toString()};
        String[] all = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void corruptImage() throws IOException {
        Path bad = tmp.resolve("corrupt.png");
        Files.write(bad, new byte[]{1, 2, 3, 4, 5});
        assertBadInput(run(translate(bad, tmp.resolve("o.png"))), "corrupt.png");
    }

    @Test
    void unsupportedOutputFormat() {
        Path in = tmp.resolve("ok.png");
        ImageCodec.write(new FloatImage(8, 8, new float[3 * 8 * 8]), in);
        assertBadInput(run(translate(in, tmp.resolve("o.tiff"))), "o.tiff");
    }

    @Test
    void imageTooSmallForTheNetwork() {
        Path in = tmp.resolve("tiny.png");
        ImageCodec.write(new FloatImage(2, 2, new float[3 * 2 * 2]), in);
        assertBadInput(run(translate(in, tmp.resolve("o.png"))), "too small");
    }

    @Test
    void npyWithWrongLayout() {
        Path in = tmp.resolve("flat.npy");
        Npy.write(Nd4j.zeros(DataType.FLOAT, 3, 8, 8), in);
        assertBadInput(run(translate(in, tmp.resolve("o.npy"))), "flat.npy", "[N, 3, H, W]");
    }

    @Test
    void weightsOfAnotherArchitecture() {
        Result r = run("translate", "--torch-weights", weights.toString(), "--netG", "resnet_6blocks", "--ngf", "8",
                "--input", tmp.toString(), "--output", tmp.resolve("o").toString());
        assertBadInput(r, "model.1.weight.npy", "shape");
    }

    @Test
    void missingWeightKeys() throws IOException {
        Path partial = tmp.resolve("partial");
        Files.createDirectories(partial);
        Files.copy(weights.resolve("model.1.weight.npy"), partial.resolve("model.1.weight.npy"));
        Result r = run("translate", "--torch-weights", partial.toString(), "--netG", "resnet_6blocks", "--ngf", "4",
                "--input", tmp.toString(), "--output", tmp.resolve("o").toString());
        assertBadInput(r, "missing", "model.1.bias.npy");
    }

    @Test
    void truncatedCheckpoint() throws IOException {
        Path ckpt = tmp.resolve("cut.ckpt");
        Files.write(ckpt, Arrays.copyOf(Files.readAllBytes(weights.resolve("model.10.conv_block.1.weight.npy")), 100));
        Path in = tmp.resolve("ok2.png");
        ImageCodec.write(new FloatImage(8, 8, new float[3 * 8 * 8]), in);
        assertBadInput(run("translate", "--model", ckpt.toString(), "--input", in.toString(), "--output",
                tmp.resolve("o.png").toString()), "cut.ckpt");
    }

    @Test
    void datasetWithoutTrainFolders() throws IOException {
        Path ds = tmp.resolve("not-a-dataset");
        Files.createDirectories(ds.resolve("trainA"));
        assertBadInput(run("train", "--data", ds.toString(), "--checkpoint-dir", tmp.resolve("ck").toString()),
                "trainB");
    }

    @Test
    void badOptionValue() {
        Path ds = tmp.resolve("ds-opt");
        assertBadInput(run("train", "--data", ds.toString(), "--netG", "unet_256"), "--netG");
    }
}
