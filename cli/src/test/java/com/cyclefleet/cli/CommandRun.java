package com.cyclefleet.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * One in-process `cyclefleet` invocation and what it wrote to stderr, kept apart: {@code err} is picocli's error
 * writer (the `error:` line), {@code log} the commands' own progress lines, which go to System.err.
 */
record CommandRun(int code, String err, String log) {
    static CommandRun of(String... args) {
        StringWriter picocliErr = new StringWriter();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(picocliErr, true), args);
        } finally {
            System.setErr(saved);
        }
        return new CommandRun(code, picocliErr.toString(), progress.toString(StandardCharsets.UTF_8));
    }
}
