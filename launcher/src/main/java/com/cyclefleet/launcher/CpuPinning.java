package com.cyclefleet.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code bench fleet --pin}: CPU affinity with Linux taskset, for this JVM and as a prefix of a child's command. */
final class CpuPinning {

    private static final String TASKSET = Files.isExecutable(Path.of("/usr/bin/taskset")) ? "/usr/bin/taskset"
            : "taskset";

    private CpuPinning() {
    }

    /** Words to put before a command so that it runs on {@code cpus} only. */
    static List<String> prefix(String cpus) {
        return List.of(TASKSET, "-c", cpus);
    }

    /** Moves every thread of this JVM to {@code cpus} (taskset -a -p -c). */
    static void pinThisProcess(String cpus) throws Exception {
        Process p = new ProcessBuilder(TASKSET, "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("--pin: `taskset -a -p -c " + cpus + "` failed: " + out);
        }
    }
}
