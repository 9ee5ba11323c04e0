package com.cyclefleet.worker.ops;

import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Asks ND4J which backend it loaded and, for CUDA, which devices it sees, for {@link GpuSupport}. Uses only nd4j-api
 * (the CUDA executioner's environment-information keys are constants there), so it compiles against the CPU build.
 */
public final class Nd4jProbe {

    /** The CUDA backend's class: present on the classpath exactly in the -Pcuda build. */
    static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";

    private Nd4jProbe() {
    }

    public static GpuSupport.Probe probe() {
        GpuSupport.Backend built = onClasspath(CUDA_BACKEND_CLASS) ? GpuSupport.Backend.CUDA : GpuSupport.Backend.CPU;
        try {
            if (Nd4j.getEnvironment().isCPU()) {
                return GpuSupport.Probe.cpu();
            }
            return new GpuSupport.Probe(GpuSupport.Backend.CUDA,
                    devices(Nd4j.getExecutioner().getEnvironmentInformation()), null);
        } catch (RuntimeException | LinkageError e) {
            // a CUDA build without a driver or device fails while loading its native library or backend:
            // report that as the reason instead of a stack trace from the first task
            return new GpuSupport.Probe(built, List.of(), rootCause(e));
        }
    }

    private static List<GpuSupport.Device> devices(Properties info) {
        List<GpuSupport.Device> devices = new ArrayList<>();
        if (info.get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY) instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> device) {
                    devices.add(new GpuSupport.Device(i,
                            String.valueOf(device.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY)),
                            intOf(device.get(Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY)),
                            intOf(device.get(Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY)),
                            longOf(device.get(Nd4jEnvironment.CUDA_TOTAL_MEMORY_KEY))));
                }
            }
        }
        return devices;
    }

    /** ND4J stores the capability as Long and the memory as Long; accept any number, and -1 for a missing one. */
    private static int intOf(Object value) {
        return value instanceof Number n ? n.intValue() : -1;
    }

    private static long longOf(Object value) {
        return value instanceof Number n ? n.longValue() : -1;
    }

    private static boolean onClasspath(String className) {
        try {
            // initialize=false: loading the CUDA backend class must not start the backend
            Class.forName(className, false, Nd4jProbe.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
