package com.cyclefleet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cyclefleet.engine.io.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Java rules judge the fixture's own runs as the script does. */
class TrajectoryCheckTest {
    /** The fixture README's figures for the reference's float32 run, to the digits it gives. */
    private static final double REFERENCE_P99 = 1.3e-5;
    private static final double REFERENCE_LOSS = 2.5e-6;
    private static final double README_DIGITS = 0.05;

    private static final Path F = Fixture.reference(Fixture.TRAJECTORY);

    private static List<Map<String, Double>> losses(String run) throws IOException {
        Map<String, List<Map<String, Double>>> all = Json.MAPPER.readValue(F.resolve("losses.json").toFile(),
                new TypeReference<>() { });
        return all.get(run);
    }

    @Test
    void theReferenceFloat32RunPassesWithItsPublishedMargins() throws IOException {
        TrajectoryCheck.Result r = TrajectoryCheck.check(F, F.resolve("final"), losses("float32"));
        assertTrue(r.ok(), r.line());
        assertEquals(REFERENCE_P99, r.worstP99(), REFERENCE_P99 * README_DIGITS, r.line());
        assertEquals(REFERENCE_LOSS, r.worstLossRel(), REFERENCE_LOSS * README_DIGITS, r.line());
    }

    @Test
    void untrainedWeightsFail() throws IOException {
        TrajectoryCheck.Result r = TrajectoryCheck.check(F, F.resolve("init"), losses("float64"));
        assertFalse(r.ok());
        assertTrue(r.line().contains("G_A/model.1.weight"), r.line());
    }

    @Test
    void missingRowsAndLossesFail() throws IOException {
        List<Map<String, Double>> rows = losses("float64");
        List<Map<String, Double>> short1 = List.of(Map.of("dA", rows.get(0).get("D_A")));
        TrajectoryCheck.Result r = TrajectoryCheck.check(F, F.resolve("final64"), short1);
        assertTrue(r.failures().contains("1 loss rows, want 5"), r.line());
        assertTrue(r.failures().contains("iteration 1: no loss G_A"), r.line());
        assertFalse(r.failures().stream().anyMatch(s -> s.contains("D_A")), "dA matches D_A: " + r.line());
    }

    @Test
    void quantileInterpolatesLikeNumpy() {
        // numpy.quantile([0, 1, 2, 10], 0.99) = 2 + 0.97 * 8
        assertEquals(9.76, TrajectoryCheck.quantile(new double[]{10, 0, 2, 1}, 0.99), 1e-12);
    }
}
