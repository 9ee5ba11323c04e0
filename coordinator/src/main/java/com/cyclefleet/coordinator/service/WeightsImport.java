package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.domain.Unprocessable;
import com.cyclefleet.coordinator.service.Uploads.NamedBytes;
import com.cyclefleet.formats.model.ModelFiles;
import com.cyclefleet.formats.model.ModelManifest;
import com.cyclefleet.formats.model.NpyHeader;
import com.cyclefleet.formats.training.GeneratorArchitecture;
import com.cyclefleet.formats.weights.ResnetGeneratorLayout;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.util.stream.Collectors;

/**
 * Repacks reference PyTorch generator weights ({@code <state_dict key>.npy} files, in {@code G_A/} and {@code G_B/}
 * folders or flat for one generator used in both directions) into the engine's serving bundle: a zip with
 * {@code model.json} and {@code G_A/<key>.npy}, {@code G_B/<key>.npy}. No ND4J: the .npy files are only checked and
 * copied byte for byte, after every array's shape is checked against the architecture
 * ({@link ResnetGeneratorLayout}).
 */
public final class WeightsImport {

    private static final String MANIFEST = ModelFiles.MANIFEST;
    private static final String G_A = ModelFiles.folder(ModelFiles.G_A);
    private static final String G_B = ModelFiles.folder(ModelFiles.G_B);
    private static final String NPY = ModelFiles.NPY;
    private static final String BLOCK_MARKER = ".conv_block.";
    private static final String FIRST_CONV_WEIGHT = "model.1.weight";

    private WeightsImport() {
    }

    /** The repacked bundle and the architecture it holds. */
    public record Bundle(byte[] bytes, GeneratorArchitecture netG, int ngf) {
    }

    /**
     * The bundle bytes, or a 4xx naming the first bad entry. Every array must have the shape the architecture
     * gives its key; netG and ngf are inferred from the weights where not declared.
     *
     * @param netG the declared architecture, or null to infer it from the number of residual blocks
     * @param ngf  the declared ngf, or null to infer it from the first convolution
     */
    public static Bundle repack(List<NamedBytes> entries, GeneratorArchitecture netG, Integer ngf,
                                ObjectMapper mapper) {
        if (ngf != null && ngf < 1) {
            throw new InvalidRequest("ngf must be at least 1, was " + ngf);
        }
        Map<String, List<Long>> shapes = new TreeMap<>();
        Map<String, byte[]> a = new TreeMap<>();
        Map<String, byte[]> b = new TreeMap<>();
        Map<String, byte[]> flat = new TreeMap<>();
        for (NamedBytes entry : entries) {
            String name = entry.name().replace('\\', '/');
            if (!name.endsWith(NPY)) {
                if (name.equals(MANIFEST) || name.endsWith("/" + MANIFEST)) {
                    continue;
                }
                throw new Unprocessable("entry '" + name + "' is not a .npy file; the zip "
                        + "must hold <state_dict key>.npy files, in G_A/ and G_B/ folders or flat");
            }
            List<Long> shape;
            try {
                shape = NpyHeader.float32(entry.bytes()).shape();
            } catch (IllegalArgumentException e) {
                throw new Unprocessable("entry '" + name + "': " + e.getMessage(), e);
            }
            String key = name.substring(0, name.length() - NPY.length());
            int ga = name.indexOf(G_A);
            int gb = name.indexOf(G_B);
            if (ga >= 0 && (ga == 0 || name.charAt(ga - 1) == '/')) {
                a.put(name.substring(ga + G_A.length(), name.length() - NPY.length()), entry.bytes());
                shapes.put(G_A + name.substring(ga + G_A.length(), name.length() - NPY.length()), shape);
            } else if (gb >= 0 && (gb == 0 || name.charAt(gb - 1) == '/')) {
                b.put(name.substring(gb + G_B.length(), name.length() - NPY.length()), entry.bytes());
                shapes.put(G_B + name.substring(gb + G_B.length(), name.length() - NPY.length()), shape);
            } else {
                flat.put(Uploads.baseName(key), entry.bytes());
                shapes.put(Uploads.baseName(key), shape);
            }
        }
        if (!flat.isEmpty() && (!a.isEmpty() || !b.isEmpty())) {
            throw new Unprocessable("the zip mixes flat .npy files (e.g. '"
                    + flat.keySet().iterator().next() + ".npy') with G_A/ or G_B/ folders; use one layout");
        }
        if (!flat.isEmpty()) {
            a = flat;
            b = flat;
        } else if (a.isEmpty() || b.isEmpty()) {
            throw new Unprocessable(a.isEmpty() && b.isEmpty()
                    ? "the zip holds no .npy files"
                    : "the zip has " + (a.isEmpty() ? "G_B/ but no G_A/" : "G_A/ but no G_B/") + " weights; give both, "
                    + "or flat files for one generator used in both directions");
        }
        if (!a.keySet().equals(b.keySet())) {
            TreeMap<String, byte[]> onlyOne = new TreeMap<>(a);
            onlyOne.keySet().removeAll(b.keySet());
            String missing = onlyOne.isEmpty() ? "G_A/" + firstMissing(b, a) : "G_B/" + onlyOne.firstKey();
            throw new Unprocessable("G_A/ and G_B/ hold different parameters: '"
                    + missing + ".npy' has no counterpart");
        }
        String prefixA = flat.isEmpty() ? G_A : "";
        String prefixB = flat.isEmpty() ? G_B : "";
        Map<String, List<Long>> shapesA = underPrefix(shapes, prefixA);
        if (netG != null && blockCount(shapesA) != netG.blocks()) {
            throw new Unprocessable("netG is declared " + netG.wireName() + " ("
                    + netG.blocks() + " residual blocks), but the weights hold " + blockCount(shapesA) + " ('"
                    + prefixA + "model.N" + BLOCK_MARKER + "*' keys); omit netG to infer it");
        }
        GeneratorArchitecture arch = netG != null ? netG : inferNetG(shapesA);
        int filters = ngf != null ? ngf : inferNgf(shapesA);
        checkShapes(shapesA, prefixA, arch, filters, netG == null, ngf == null);
        if (!prefixB.isEmpty()) {
            checkShapes(underPrefix(shapes, prefixB), prefixB, arch, filters, netG == null, ngf == null);
        }
        ModelManifest manifest = ModelManifest.generators(arch, filters, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, MANIFEST, mapper.writeValueAsBytes(manifest));
            for (Map.Entry<String, byte[]> e : a.entrySet()) {
                put(zip, G_A + e.getKey() + NPY, e.getValue());
            }
            for (Map.Entry<String, byte[]> e : b.entrySet()) {
                put(zip, G_B + e.getKey() + NPY, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model bundle", e);
        }
        return new Bundle(out.toByteArray(), arch, filters);
    }

    /** How many residual blocks the keys name (distinct {@code model.N} with a {@code conv_block}). */
    private static int blockCount(Map<String, List<Long>> shapes) {
        Set<String> blockModules = new TreeSet<>();
        for (String key : shapes.keySet()) {
            int block = key.indexOf(BLOCK_MARKER);
            if (block > 0) {
                blockModules.add(key.substring(0, block));
            }
        }
        return blockModules.size();
    }

    private static GeneratorArchitecture inferNetG(Map<String, List<Long>> shapes) {
        int count = blockCount(shapes);
        for (GeneratorArchitecture arch : GeneratorArchitecture.values()) {
            if (arch.blocks() == count) {
                return arch;
            }
        }
        throw new Unprocessable("the weights hold " + count + " residual blocks, which is no known netG ("
                + Arrays.stream(GeneratorArchitecture.values()).map(g -> g.blocks() + " for " + g.wireName())
                .collect(Collectors.joining(", ")) + ")");
    }

    private static int inferNgf(Map<String, List<Long>> shapes) {
        List<Long> first = shapes.get(FIRST_CONV_WEIGHT);
        if (first == null || first.isEmpty()) {
            throw new Unprocessable("cannot infer ngf: the weights have no '"
                    + FIRST_CONV_WEIGHT + ".npy'; declare ngf");
        }
        return Math.toIntExact(first.get(0));
    }

    /** The shapes of one generator's keys: those under the prefix, without it ("" for the flat layout). */
    private static Map<String, List<Long>> underPrefix(Map<String, List<Long>> shapes, String prefix) {
        Map<String, List<Long>> mine = new TreeMap<>();
        for (Map.Entry<String, List<Long>> e : shapes.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                mine.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return mine;
    }

    /** Every expected key present with its shape, and nothing else, in one generator's weights. */
    private static void checkShapes(Map<String, List<Long>> mine, String prefix, GeneratorArchitecture netG,
                                    int ngf, boolean netGInferred, boolean ngfInferred) {
        Map<String, List<Long>> expected = ResnetGeneratorLayout.shapes(netG.blocks(), ngf);
        String architecture = netG.wireName() + (netGInferred ? " (inferred)" : "") + " with ngf " + ngf
                + (ngfInferred ? " (inferred)" : "");
        for (Map.Entry<String, List<Long>> e : expected.entrySet()) {
            List<Long> shape = mine.get(e.getKey());
            if (shape == null) {
                throw new Unprocessable("'" + prefix + e.getKey() + ".npy' is missing: "
                        + architecture + " needs it with shape " + e.getValue());
            }
            if (!shape.equals(e.getValue())) {
                throw new Unprocessable("'" + prefix + e.getKey() + ".npy' has shape "
                        + shape + ", but " + architecture + " expects " + e.getValue());
            }
        }
        for (String key : mine.keySet()) {
            if (!expected.containsKey(key)) {
                throw new Unprocessable("'" + prefix + key + ".npy' is not a parameter of "
                        + architecture + " (shape " + mine.get(key) + ")");
            }
        }
    }

    private static String firstMissing(Map<String, byte[]> from, Map<String, byte[]> in) {
        return from.keySet().stream().filter(k -> !in.containsKey(k)).findFirst().orElse("?");
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
