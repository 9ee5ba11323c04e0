package com.cyclefleet.engine.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages, bottom first; a class may use its own package and those below it, never one above. {@code io}
 * (npy, zip entries, torch state_dicts) sits just above {@code net} because it maps the networks' parameters to
 * files and both {@code train} (checkpoints) and {@code infer} (bundles) store through it; {@code synth} draws the
 * synthetic datasets {@code eval} scores against; {@code bench} times everything.
 */
class PackageLayersTest {
    private static final List<String> LAYERS = List.of("util", "nn", "net", "io", "data", "synth", "train", "infer",
            "eval", "bench");
    private static final Path SOURCES = Path.of("src/main/java/com/cyclefleet/engine");
    private static final Pattern USE = Pattern.compile("com\\.cyclefleet\\.engine\\.([a-z]+)\\.");

    @Test
    void everyPackageIsALayer() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            dirs.filter(Files::isDirectory).forEach(d -> packages.add(d.getFileName().toString()));
        }
        assertEquals(new TreeSet<>(LAYERS), packages, "a new engine package needs its place in LAYERS");
    }

    @Test
    void noClassUsesAPackageAboveItsOwn() throws IOException {
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String own = SOURCES.relativize(f).getName(0).toString();
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1);
                    if (LAYERS.indexOf(used) > LAYERS.indexOf(own)) {
                        upward.add(SOURCES.relativize(f) + " uses " + used);
                    }
                }
            }
        }
        assertTrue(upward.isEmpty(), "upward dependencies: " + upward);
    }
}
