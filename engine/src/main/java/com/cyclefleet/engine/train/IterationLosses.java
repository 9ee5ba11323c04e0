package com.cyclefleet.engine.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** The reference's eight reported losses for one iteration, plus where and how fast it ran. */
public record IterationLosses(long iteration, int epoch, double lr, double dA, double gA, double cycleA, double idtA,
                              double dB, double gB, double cycleB, double idtB, double millis, int batchSize) {
    public Map<String, Double> byName() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("D_A", dA);
        m.put("G_A", gA);
        m.put("cycle_A", cycleA);
        m.put("idt_A", idtA);
        m.put("D_B", dB);
        m.put("G_B", gB);
        m.put("cycle_B", cycleB);
        m.put("idt_B", idtB);
        return m;
    }
}
