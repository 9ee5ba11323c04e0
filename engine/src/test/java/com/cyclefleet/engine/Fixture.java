package com.cyclefleet.engine;

import com.cyclefleet.engine.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Locates the reference fixtures in ../shared/reference/ from the module or repository directory. */
public final class Fixture {
    public static final String CONFORMANCE = "fixture-res6-ngf8";
    public static final String TRAJECTORY = "trajectory-res6-ngf8";

    private Fixture() {
    }

    /** The one-step conformance fixture (-Dcyclefleet.fixture overrides). */
    public static Path dir() {
        String prop = System.getProperty("cyclefleet.fixture");
        return prop != null ? Path.of(prop) : reference(CONFORMANCE);
    }

    /** A folder of shared/reference/ found from the working directory upwards. */
    public static Path reference(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("shared/reference").resolve(name);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            p = p.getParent();
        }
        throw new IllegalStateException(name + " not found above " + Path.of("").toAbsolutePath()
                + "; put shared/ beside the repository");
    }

    public static INDArray load(String relative) {
        return Npy.read(dir().resolve(relative));
    }
}
