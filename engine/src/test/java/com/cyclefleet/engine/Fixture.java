package com.cyclefleet.engine;

import com.cyclefleet.engine.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Locates ../shared/reference/fixture-res6-ngf8 from the module or repository directory. */
public final class Fixture {
    private Fixture() {
    }

    public static Path dir() {
        String prop = System.getProperty("cyclefleet.fixture");
        if (prop != null) {
            return Path.of(prop);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("shared/reference/fixture-res6-ngf8");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("fixture-res6-ngf8 not found above " + Path.of("").toAbsolutePath()
                + "; put shared/ beside the repository or set -Dcyclefleet.fixture");
    }

    public static INDArray load(String relative) {
        return Npy.read(dir().resolve(relative));
    }
}
