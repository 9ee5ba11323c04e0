package com.cyclefleet.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code java -cp worker/target/classes:worker/target/lib/* com.cyclefleet.worker.WorkerMain}, configured
 * by environment variables (see {@link WorkerConfig}). Runs until SIGTERM/SIGINT, then leaves its consumer groups;
 * exits 1 when a consumer loop crashes (so a supervisor restarts it) and 2 on a configuration error.
 */
public final class WorkerMain {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);
    private static final int EXIT_CRASHED = 1;
    private static final int EXIT_CONFIG = 2;

    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        WorkerConfig config;
        try {
            config = WorkerConfig.fromEnvironment();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("cyclefleet worker: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        Worker worker = Worker.start(config);
        Thread shutdown = new Thread(worker::close, "worker-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        worker.awaitTermination();
        // the loops end on their own only when one crashed (a stop request comes through the shutdown hook)
        try {
            Runtime.getRuntime().removeShutdownHook(shutdown);
        } catch (IllegalStateException shuttingDown) {
            return;
        }
        worker.close();
        LOG.error("a consumer loop stopped; exiting so that a supervisor restarts the worker");
        // exit explicitly: the S3 client's HTTP threads would otherwise keep the JVM alive for about a minute
        System.exit(EXIT_CRASHED);
    }
}
