package com.cyclefleet.engine;

import com.cyclefleet.engine.io.Npy;
import com.cyclefleet.engine.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The rules of shared/reference/trajectory_check.py, in Java: a trained trajectory against the fixture's float64
 * run. Weights per tensor in units of K*lr: the 99th percentile of the error within {@link #P99_LIMIT}, at most
 * {@link #OUTLIER_FRACTION} of the elements beyond {@link #OUTLIER_LIMIT} (Adam's first step is lr*sign(g), so an
 * element whose gradient is ~0 may step either way); biases cancelled by an instance norm only within
 * {@link #CANCELLED_LIMIT}; every loss of every iteration within {@link #LOSS_REL} relative or {@link #LOSS_ABS}.
 */
public final class TrajectoryCheck {
    public static final double LR = 2e-4;
    public static final double P99 = 0.99;
    public static final double P99_LIMIT = 1e-3;
    public static final double OUTLIER_LIMIT = 1e-2;
    public static final double OUTLIER_FRACTION = 1e-3;
    public static final double CANCELLED_LIMIT = 3;
    public static final double LOSS_REL = 1e-4;
    public static final double LOSS_ABS = 1e-6;
    /** The script divides loss errors by at least this, so that a zero loss gives a finite relative error. */
    private static final double TINY = 1e-12;
    private static final String NPY = ".npy";
    private static final List<String> NETWORKS = List.of("G_A", "G_B", "D_A", "D_B");

    /**
     * @param failures     every rule broken, in the script's words
     * @param worstP99     the largest 99th-percentile weight error over the checked tensors, in K*lr
     * @param worstTensor  where it is
     * @param worstLossRel the largest relative loss error
     */
    public record Result(List<String> failures, double worstP99, String worstTensor, double worstLossRel) {
        public boolean ok() {
            return failures.isEmpty();
        }

        /** The script's last line. */
        public String line() {
            if (!ok()) {
                return "FALLS SHORT: " + String.join("; ", failures);
            }
            return String.format(Locale.ROOT, "OK: worst p99 weight error %.2e K*lr at %s, worst loss error %.1e rel",
                    worstP99, worstTensor, worstLossRel);
        }
    }

    private TrajectoryCheck() {
    }

    /**
     * @param losses one map per iteration, loss names in any case and with or without underscores (D_A, dA, ...);
     *               other numeric fields are ignored
     */
    public static Result check(Path fixture, Path weights, List<Map<String, Double>> losses) {
        JsonNode manifest = json(fixture.resolve("manifest.json"));
        int k = manifest.path("iterations").asInt();
        double unit = k * LR;
        List<String> bad = new ArrayList<>();
        double worst = 0;
        String worstAt = "";
        for (String net : NETWORKS) {
            Set<String> cancelled = new HashSet<>();
            manifest.path("cancelled_biases").path(net).forEach(n -> cancelled.add(n.asText()));
            for (Path refFile : npyFiles(fixture.resolve("final64").resolve(net))) {
                String file = refFile.getFileName().toString();
                String key = file.substring(0, file.length() - NPY.length());
                Path ours = weights.resolve(net).resolve(file);
                if (!Files.isRegularFile(ours)) {
                    bad.add("missing " + net + "/" + file);
                    continue;
                }
                var ref = Npy.read(refFile).castTo(DataType.DOUBLE);
                var got = Npy.read(ours).castTo(DataType.DOUBLE);
                if (!Arrays.equals(ref.shape(), got.shape())) {
                    bad.add(net + "/" + key + ": shape " + Arrays.toString(got.shape()) + " != "
                            + Arrays.toString(ref.shape()));
                    continue;
                }
                double[] err = got.sub(ref).data().asDouble();
                for (int i = 0; i < err.length; i++) {
                    err[i] = Math.abs(err[i]);
                }
                if (cancelled.contains(key)) {
                    double max = Arrays.stream(err).max().orElse(0);
                    if (max > CANCELLED_LIMIT * unit) {
                        bad.add(String.format(Locale.ROOT, "%s/%s (cancelled bias) off by %.2e", net, key, max));
                    }
                    continue;
                }
                double q = quantile(err, P99) / unit;
                double frac = Arrays.stream(err).filter(e -> e > OUTLIER_LIMIT * unit).count() / (double) err.length;
                if (q > worst) {
                    worst = q;
                    worstAt = net + "/" + key;
                }
                if (q > P99_LIMIT || frac > OUTLIER_FRACTION) {
                    bad.add(String.format(Locale.ROOT, "%s/%s: p99 %.2e K*lr, %.2f%% of elements beyond %s K*lr", net,
                            key, q, 100 * frac, OUTLIER_LIMIT));
                }
            }
        }
        double lossWorst = 0;
        JsonNode ref = json(fixture.resolve("losses.json")).path("float64");
        if (losses.size() < k) {
            bad.add(losses.size() + " loss rows, want " + k);
        }
        for (int i = 0; i < Math.min(ref.size(), losses.size()); i++) {
            Map<String, Double> ours = new LinkedHashMap<>();
            losses.get(i).forEach((name, v) -> ours.put(normalise(name), v));
            for (Iterator<Map.Entry<String, JsonNode>> it = ref.get(i).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Double v = ours.get(normalise(e.getKey()));
                if (v == null) {
                    bad.add("iteration " + (i + 1) + ": no loss " + e.getKey());
                    continue;
                }
                double want = e.getValue().asDouble();
                double d = Math.abs(v - want);
                lossWorst = Math.max(lossWorst, d / Math.max(Math.abs(want), TINY));
                if (d > Math.max(LOSS_REL * Math.abs(want), LOSS_ABS)) {
                    bad.add(String.format(Locale.ROOT, "iteration %d %s: %.7g vs %.7g", i + 1, e.getKey(), v, want));
                }
            }
        }
        return new Result(List.copyOf(bad), worst, worstAt, lossWorst);
    }

    /** numpy.quantile's default ('linear'): interpolates between the two order statistics around q*(n-1). */
    static double quantile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /** The script's name matching: lower case, letters only. */
    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    private static List<Path> npyFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(NPY)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
