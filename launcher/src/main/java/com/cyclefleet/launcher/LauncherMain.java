package com.cyclefleet.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cyclefleet up | demo | bench fleet}: the fleet on this machine. The other {@code cyclefleet} commands
 * (train, translate, eval, dataset, the engine {@code bench}) live in the cli module.
 */
@Command(name = "cyclefleet", mixinStandardHelpOptions = true,
        description = "The CycleFleet fleet on this machine: Kafka (KRaft), s3proxy, the coordinator and workers.",
        subcommands = {UpCommand.class, DemoCommand.class, LauncherMain.Bench.class})
public final class LauncherMain implements Runnable {

    @Command(name = "bench", description = "Fleet benchmarks (the engine-alone bench is `cyclefleet bench` in the cli)",
            subcommands = {BenchFleetCommand.class, BenchCheckpointCommand.class}, mixinStandardHelpOptions = true)
    static final class Bench implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.err);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        // one line per log event (JUL's default is two)
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s - %5$s%6$s%n");
        }
        CommandLine cli = new CommandLine(new LauncherMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("error: " + e.getMessage());
            return 1;
        });
        int code = cli.execute(args);
        System.exit(code);
    }
}
