package com.cyclefleet.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that starts a child JVM with the same Java as this one. */
public final class JavaCommand {

    /**
     * Serial GC: the servers are small and the machine has few cores, so parallel GC threads would only compete
     * with the workers.
     */
    private static final List<String> COMMON_FLAGS = List.of("-XX:+UseSerialGC", "-Djava.awt.headless=true");

    private JavaCommand() {
    }

    /** {@code java -Xmx<maxHeap> <flags> <args>} */
    public static List<String> of(String maxHeap, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.addAll(COMMON_FLAGS);
        command.addAll(args);
        return command;
    }
}
