package com.cyclefleet.cli;

import com.cyclefleet.engine.data.DatasetException;
import com.cyclefleet.engine.data.ImageFormatException;
import com.cyclefleet.engine.io.NpyFormatException;
import com.cyclefleet.engine.io.ModelFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The `cyclefleet` command line. */
@Command(name = "cyclefleet", mixinStandardHelpOptions = true, version = "cyclefleet 0.1.0",
        description = "Train, serve and evaluate CycleGAN image translators.",
        subcommands = {TrainCommand.class, ExportCommand.class, TranslateCommand.class, DatasetCommand.class,
                EvalCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** Exit code for bad input (files, options); 1 stays for unexpected failures. */
    public static final int BAD_INPUT = 2;

    /** Inherited, so that it is accepted before or after the subcommand's name. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Also show the ND4J backend's start-up banner and INFO log lines.")
    void setVerbose(boolean verbose) {
        if (verbose) {
            LogVerbosity.verbose();
        }
    }

    public static void main(String[] args) {
        int code = run(args);
        // OkHttp/ND4J threads may keep the JVM alive after the command is done
        System.exit(code);
    }

    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (isBadInput(e)) {
                cmd.getErr().println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            cmd.getErr().println("error: " + e);
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }

    static boolean isBadInput(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof ImageFormatException
                || e instanceof DatasetException || e instanceof ModelFileException || e instanceof NpyFormatException
                || e instanceof java.io.UncheckedIOException;
    }
}
