package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.api.ApiException;
import com.cyclefleet.coordinator.service.Uploads.NamedBytes;
import com.cyclefleet.protocol.GeneratorArchitecture;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Repacks reference PyTorch generator weights ({@code <state_dict key>.npy} files, in {@code G_A/} and {@code G_B/}
 * folders or flat for one generator used in both directions) into the engine's serving bundle: a zip with
 * {@code model.json} and {@code G_A/<key>.npy}, {@code G_B/<key>.npy}. No ND4J: the .npy files are only checked and
 * copied byte for byte.
 */
public final class WeightsImport {

    public static final String MANIFEST = "model.json";
    public static final String G_A = "G_A/";
    public static final String G_B = "G_B/";
    private static final String NPY = ".npy";
    private static final int FORMAT = 1;
    private static final String KIND = "generators";

    private WeightsImport() {
    }

    /** The bundle bytes, or a 4xx naming the first bad entry. */
    public static byte[] repack(List<NamedBytes> entries, GeneratorArchitecture netG, int ngf, ObjectMapper mapper) {
        if (ngf < 1) {
            throw ApiException.badRequest("ngf must be at least 1, was " + ngf);
        }
        Map<String, byte[]> a = new TreeMap<>();
        Map<String, byte[]> b = new TreeMap<>();
        Map<String, byte[]> flat = new TreeMap<>();
        for (NamedBytes entry : entries) {
            String name = entry.name().replace('\\', '/');
            if (!name.endsWith(NPY)) {
                if (name.equals(MANIFEST) || name.endsWith("/" + MANIFEST)) {
                    continue;
                }
                throw new ApiException(ApiException.UNPROCESSABLE, "entry '" + name + "' is not a .npy file; the zip "
                        + "must hold <state_dict key>.npy files, in G_A/ and G_B/ folders or flat");
            }
            try {
                NpyHeader.validate(entry.bytes());
            } catch (IllegalArgumentException e) {
                throw new ApiException(ApiException.UNPROCESSABLE, "entry '" + name + "': " + e.getMessage());
            }
            String key = name.substring(0, name.length() - NPY.length());
            int ga = name.indexOf(G_A);
            int gb = name.indexOf(G_B);
            if (ga >= 0 && (ga == 0 || name.charAt(ga - 1) == '/')) {
                a.put(name.substring(ga + G_A.length(), name.length() - NPY.length()), entry.bytes());
            } else if (gb >= 0 && (gb == 0 || name.charAt(gb - 1) == '/')) {
                b.put(name.substring(gb + G_B.length(), name.length() - NPY.length()), entry.bytes());
            } else {
                flat.put(Uploads.baseName(key), entry.bytes());
            }
        }
        if (!flat.isEmpty() && (!a.isEmpty() || !b.isEmpty())) {
            throw new ApiException(ApiException.UNPROCESSABLE, "the zip mixes flat .npy files (e.g. '"
                    + flat.keySet().iterator().next() + ".npy') with G_A/ or G_B/ folders; use one layout");
        }
        if (!flat.isEmpty()) {
            a = flat;
            b = flat;
        } else if (a.isEmpty() || b.isEmpty()) {
            throw new ApiException(ApiException.UNPROCESSABLE, a.isEmpty() && b.isEmpty()
                    ? "the zip holds no .npy files"
                    : "the zip has " + (a.isEmpty() ? "G_B/ but no G_A/" : "G_A/ but no G_B/") + " weights; give both, "
                    + "or flat files for one generator used in both directions");
        }
        if (!a.keySet().equals(b.keySet())) {
            TreeMap<String, byte[]> onlyOne = new TreeMap<>(a);
            onlyOne.keySet().removeAll(b.keySet());
            String missing = onlyOne.isEmpty() ? "G_A/" + firstMissing(b, a) : "G_B/" + onlyOne.firstKey();
            throw new ApiException(ApiException.UNPROCESSABLE, "G_A/ and G_B/ hold different parameters: '"
                    + missing + ".npy' has no counterpart");
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("kind", KIND);
        manifest.put("netG", Enums.wireName(netG));
        manifest.put("ngf", ngf);
        manifest.put("iteration", 0);
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
        return out.toByteArray();
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
