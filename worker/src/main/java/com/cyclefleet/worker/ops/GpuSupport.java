package com.cyclefleet.worker.ops;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether this worker's ND4J build can drive the compute devices it sees, from what {@link Nd4jProbe} found.
 * Pure, so every case is unit-tested without a GPU.
 *
 * <p>The CUDA build ({@code nd4j-cuda-11.6 1.0.0-M2.1}) ships kernels compiled for sm_37 up to sm_86 and no PTX, so
 * the driver cannot JIT-compile them for a newer architecture. A cubin runs on devices of the same major compute
 * capability and an equal or higher minor, hence the supported range is 3.7 up to any 8.x (Ada's 8.9 runs the sm_86
 * kernels); Hopper (9.0) and later, and anything before 3.7, fail at the first kernel launch. Checking at start
 * turns that into one clear line before the worker takes a task it cannot run.
 */
public final class GpuSupport {

    /** The ND4J backend on the classpath. */
    public enum Backend { CPU, CUDA }

    /** One CUDA device as ND4J reports it. */
    public record Device(int index, String name, int major, int minor, long totalMemoryBytes) {

        String capability() {
            return major + "." + minor;
        }
    }

    /**
     * What the probe found.
     *
     * @param backend the ND4J backend
     * @param devices the CUDA devices (empty on the CPU backend, or when the CUDA backend sees none)
     * @param failure why the backend could not be initialised, or null when it was
     */
    public record Probe(Backend backend, List<Device> devices, String failure) {

        public Probe {
            devices = List.copyOf(devices);
        }

        public static Probe cpu() {
            return new Probe(Backend.CPU, List.of(), null);
        }
    }

    /** Whether the worker may start, and the one line to log either way. */
    public record Verdict(boolean supported, String message) {
    }

    /** The build the range below belongs to, named in every refusal. */
    static final String CUDA_BUILD = "nd4j-cuda-11.6 1.0.0-M2.1";
    /** Oldest compute capability the build has kernels for (sm_37). */
    static final int MIN_MAJOR = 3;
    static final int MIN_MINOR = 7;
    /** First major compute capability after the newest kernels (sm_86); without PTX nothing runs there. */
    static final int FIRST_UNCOVERED_MAJOR = 9;
    static final String SUPPORTED_RANGE = "compute capability " + MIN_MAJOR + "." + MIN_MINOR + " to "
            + (FIRST_UNCOVERED_MAJOR - 1) + ".x (kernels sm_37..sm_86, no PTX)";
    /** Architecture names by major compute capability, so a refusal says "Hopper" rather than only "9.0". */
    private static final Map<Integer, String> ARCHITECTURES = Map.of(1, "Tesla", 2, "Fermi", 3, "Kepler",
            5, "Maxwell", 6, "Pascal", 7, "Volta/Turing", 8, "Ampere/Ada", 9, "Hopper", 10, "Blackwell",
            12, "Blackwell");
    private static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    private GpuSupport() {
    }

    public static Verdict check(Probe probe) {
        if (probe.failure() != null) {
            return refuse("ND4J " + probe.backend() + " backend failed to initialise: " + probe.failure()
                    + (probe.backend() == Backend.CUDA ? "; " + needs() : ""));
        }
        if (probe.backend() == Backend.CPU) {
            return new Verdict(true, "ND4J backend: CPU (nd4j-native)");
        }
        if (probe.devices().isEmpty()) {
            return refuse("ND4J CUDA backend (" + CUDA_BUILD + ") sees no CUDA device; " + needs());
        }
        for (Device device : probe.devices()) {
            if (!covered(device.major(), device.minor())) {
                return refuse("GPU " + device.index() + " '" + device.name() + "' has compute capability "
                        + device.capability() + architecture(device.major()) + ", which the " + CUDA_BUILD
                        + " kernels do not cover: they run on " + SUPPORTED_RANGE
                        + "; use a supported GPU or the CPU worker");
            }
        }
        StringBuilder line = new StringBuilder("ND4J backend: CUDA (" + CUDA_BUILD + ")");
        for (Device device : probe.devices()) {
            line.append(String.format(Locale.ROOT, "; GPU %d: %s, compute capability %s%s, %.1f GiB",
                    device.index(), device.name(), device.capability(), architecture(device.major()),
                    device.totalMemoryBytes() / BYTES_PER_GIB));
        }
        return new Verdict(true, line.toString());
    }

    static boolean covered(int major, int minor) {
        boolean oldEnough = major > MIN_MAJOR || (major == MIN_MAJOR && minor >= MIN_MINOR);
        return oldEnough && major < FIRST_UNCOVERED_MAJOR;
    }

    private static String architecture(int major) {
        String name = ARCHITECTURES.get(major);
        return name == null ? "" : " (" + name + ")";
    }

    private static String needs() {
        return "this build needs an NVIDIA GPU of " + SUPPORTED_RANGE + " and a driver for CUDA 11.6";
    }

    private static Verdict refuse(String message) {
        return new Verdict(false, message);
    }
}
