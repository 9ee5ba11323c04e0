package com.cyclefleet.worker;

import com.cyclefleet.worker.ops.GpuSupport;
import com.cyclefleet.worker.ops.Nd4jProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code java -cp worker/target/classes:worker/target/lib/* com.cyclefleet.worker.WorkerMain}, configured
 * by environment variables (see {@link WorkerConfig}). Runs until SIGTERM/SIGINT, then leaves its consumer groups;
 * exits 1 when a consumer loop crashes (so a supervisor restarts it), 2 on a configuration error and 3 when the ND4J
 * build cannot drive the GPU it sees (see {@link GpuSupport}), before any Kafka consumer exists.
 */
public final class WorkerMain {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);
    private static final int EXIT_CRASHED = 1;
    private static final int EXIT_CONFIG = 2;
    /** Distinct from a crash: restarting the same image on the same node cannot help. */
    private static final int EXIT_UNSUPPORTED_GPU = 3;

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
        // before the loops exist: a worker that cannot run kernels must not join a group and take tasks
        GpuSupport.Verdict gpu = GpuSupport.check(Nd4jProbe.probe());
        if (!gpu.supported()) {
            LOG.error("cyclefleet worker cannot start: {}", gpu.message());
            System.exit(EXIT_UNSUPPORTED_GPU);
            return;
        }
        LOG.info(gpu.message());
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
