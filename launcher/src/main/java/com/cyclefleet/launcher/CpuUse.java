package com.cyclefleet.launcher;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM and each fleet process it started, by part of the fleet, so a benchmark can say
 * where the machine's cores went per image. Read from the OS ({@link ProcessHandle.Info#totalCpuDuration()}).
 */
record CpuUse(Map<String, Duration> byPart) {

    static final String CLIENTS = "launcher (clients)";
    static final String WORKER = "worker";
    static final String COORDINATOR = "coordinator";
    static final String BROKER = "kafka broker";
    static final String S3 = "s3 server";
    static final String OTHER = "other";

    static CpuUse sample() {
        Map<String, Duration> parts = new LinkedHashMap<>();
        for (String part : new String[] {CLIENTS, WORKER, COORDINATOR, BROKER, S3}) {
            parts.put(part, Duration.ZERO);
        }
        ProcessHandle self = ProcessHandle.current();
        Stream.concat(Stream.of(self), self.descendants()).forEach(p -> {
            Duration cpu = p.info().totalCpuDuration().orElse(Duration.ZERO);
            String part = p.equals(self) ? CLIENTS : partOf(p.info().commandLine().orElse(""));
            parts.merge(part, cpu, Duration::plus);
        });
        return new CpuUse(parts);
    }

    static String partOf(String commandLine) {
        if (commandLine.contains("WorkerMain")) {
            return WORKER;
        }
        if (commandLine.contains("quarkus-run")) {
            return COORDINATOR;
        }
        if (commandLine.contains("s3proxy")) {
            return S3;
        }
        if (commandLine.contains("kafka")) {
            return BROKER;
        }
        return OTHER;
    }

    CpuUse minus(CpuUse before) {
        Map<String, Duration> delta = new LinkedHashMap<>();
        byPart.forEach((part, cpu) -> delta.put(part, cpu.minus(before.byPart.getOrDefault(part, Duration.ZERO))));
        return new CpuUse(delta);
    }

    /** Milliseconds of CPU per image, by part, plus their total. */
    Map<String, Double> perImage(int images) {
        Map<String, Double> ms = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Duration> e : byPart.entrySet()) {
            double v = e.getValue().toNanos() / 1e6 / images;
            ms.put(e.getKey(), v);
            total += v;
        }
        ms.put("total", total);
        return ms;
    }
}
