package com.cyclefleet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `train --init-torch-weights` and `export --torch-weights` are inverses, byte for byte; serving bundles carry no
 * discriminators, so those are drawn from the seed; wrong keys and shapes are one `error:` line naming the file, the
 * key and both shapes.
 */
class TorchWeightsImportExportTest {
    private static final Path DATA = ReferenceTrajectoryCommandTest.F.resolve("data");
    private static final Path INIT = ReferenceTrajectoryCommandTest.F.resolve("init");
    private static final String SEED = "7";
    private static final String FIXTURE_WIDTH = "8";
    private static final String HALF_WIDTH = "4";

    @TempDir
    static Path tmp;
    /** A few iterations of our own training, exported from its checkpoint: all four networks. */
    static Path trained;

    /** The fixture's architecture on its data, one epoch; extra options last. */
    private static String[] train(Path out, String... extra) {
        return trainWidths(out, FIXTURE_WIDTH, FIXTURE_WIDTH, extra);
    }

    private static String[] trainWidths(Path out, String ngf, String ndf, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", DATA.toString(), "--netG", "resnet_6blocks",
                "--ngf", ngf, "--ndf", ndf, "--load-size", "32", "--crop-size", "32", "--epochs", "1",
                "--epochs-decay", "0", "--seed", SEED, "--threads", "1", "--checkpoint-dir", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static CommandRun ok(String... args) {
        CommandRun r = CommandRun.of(args);
        assertEquals(0, r.code(), r.err() + r.log());
        return r;
    }

    private static Path export(Path model, Path out) {
        ok("export", "--model", model.toString(), "--torch-weights", out.toString());
        return out;
    }

    /** Every file under dir by relative path, with its bytes. */
    private static TreeMap<String, byte[]> files(Path dir) throws IOException {
        TreeMap<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return m;
    }

    private static void assertSameFiles(TreeMap<String, byte[]> expected, TreeMap<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k + " differs"));
    }

    private static void assertBadInput(CommandRun r, String... fragments) {
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "should name '" + f + "': " + r.err());
        }
    }

    @BeforeAll
    static void trainAndExport() {
        ok(train(tmp.resolve("run"), "--iterations", "2"));
        trained = export(tmp.resolve("run/latest.ckpt"), tmp.resolve("trained"));
    }

    @Test
    void exportImportExportIsByteIdentical() throws IOException {
        Path again = tmp.resolve("again");
        ok(train(again, "--init-torch-weights", trained.toString(), "--iterations", "0"));
        TreeMap<String, byte[]> first = files(trained);
        assertEquals(List.of("D_A", "D_B", "G_A", "G_B"), first.keySet().stream().map(k -> k.split("/")[0]).distinct()
                .toList());
        assertSameFiles(first, files(export(again.resolve("latest.ckpt"), tmp.resolve("again-w"))));
    }

    @Test
    void aServingBundleExportsItsGeneratorsOnly() throws IOException {
        TreeMap<String, byte[]> fromCheckpoint = files(trained);
        fromCheckpoint.keySet().removeIf(k -> k.startsWith("D_"));
        assertSameFiles(fromCheckpoint, files(export(tmp.resolve("run/model.zip"), tmp.resolve("bundle-w"))));
    }

    @Test
    void absentDiscriminatorsAreDrawnFromTheSeed() throws IOException {
        Path generatorsOnly = export(tmp.resolve("run/model.zip"), tmp.resolve("g-only"));
        Path run = tmp.resolve("g-init");
        CommandRun r = ok(train(run, "--init-torch-weights", generatorsOnly.toString(), "--iterations", "0"));
        assertTrue(r.log().contains("(no D_A/ D_B/ there: fresh discriminators drawn from --seed " + SEED + ")"),
                r.log());
        ok(train(tmp.resolve("fresh"), "--iterations", "0"));
        TreeMap<String, byte[]> expected = files(export(tmp.resolve("fresh/latest.ckpt"), tmp.resolve("fresh-w")));
        expected.keySet().removeIf(k -> k.startsWith("G_"));
        expected.putAll(files(generatorsOnly));
        assertSameFiles(expected, files(export(run.resolve("latest.ckpt"), tmp.resolve("g-init-w"))));
    }

    @Test
    void generatorShapesForAnotherWidth() {
        CommandRun r = CommandRun.of(trainWidths(tmp.resolve("ngf4"), HALF_WIDTH, FIXTURE_WIDTH, "--init-torch-weights",
                INIT.toString()));
        assertBadInput(r, INIT.resolve("G_A").resolve("model.1.weight.npy").toString(), "key model.1.weight",
                "[8, 3, 7, 7]", "[4, 3, 7, 7]");
    }

    @Test
    void discriminatorShapesForAnotherWidth() {
        CommandRun r = CommandRun.of(trainWidths(tmp.resolve("ndf4"), FIXTURE_WIDTH, HALF_WIDTH, "--init-torch-weights",
                INIT.toString()));
        assertBadInput(r, INIT.resolve("D_A").resolve("model.0.weight.npy").toString(), "key model.0.weight",
                "[8, 3, 4, 4]", "[4, 3, 4, 4]", "--ndf");
    }

    @Test
    void unexpectedAndMissingKeys() throws IOException {
        Path extra = tmp.resolve("extra");
        copyTree(trained, extra);
        Files.copy(extra.resolve("D_B/model.0.bias.npy"), extra.resolve("D_B/model.0.running_mean.npy"));
        assertBadInput(CommandRun.of(train(tmp.resolve("x1"), "--init-torch-weights", extra.toString())),
                extra.resolve("D_B").toString(), "model.0.running_mean");

        Path missing = tmp.resolve("missing");
        copyTree(trained, missing);
        Files.delete(missing.resolve("G_B/model.23.bias.npy"));
        assertBadInput(CommandRun.of(train(tmp.resolve("x2"), "--init-torch-weights", missing.toString())),
                missing.resolve("G_B").toString(), "model.23.bias.npy");
    }

    @Test
    void aFolderWithoutGenerators() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("no-generators"));
        CommandRun r = CommandRun.of(train(tmp.resolve("x3"), "--init-torch-weights", empty.toString()));
        assertBadInput(r, empty.toString(), "G_A/");
        assertFalse(Files.exists(tmp.resolve("x3/latest.ckpt")), "nothing trained");
    }

    @Test
    void notTogetherWithResume() {
        CommandRun r = CommandRun.of(train(tmp.resolve("run"), "--init-torch-weights", trained.toString(),
                "--resume"));
        assertBadInput(r, "--init-torch-weights", "--resume");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
