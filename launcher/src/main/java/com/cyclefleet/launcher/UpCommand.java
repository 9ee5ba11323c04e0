package com.cyclefleet.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.cyclefleet.launcher.scale.Autoscaler;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka, s3proxy, the coordinator and worker(s) on this machine; run until Ctrl-C.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--workers", defaultValue = "1", description = "Workers to start (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--kafka-port", defaultValue = "" + LocalFleet.DEFAULT_KAFKA_PORT,
            description = "Kafka client port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--s3-port", defaultValue = "" + LocalFleet.DEFAULT_S3_PORT,
            description = "S3 (s3proxy) port (default ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--coordinator-port", defaultValue = "" + LocalFleet.DEFAULT_COORDINATOR_PORT,
            description = "Coordinator HTTP port (default ${DEFAULT-VALUE}).")
    int coordinatorPort;

    @Option(names = "--worker-port", defaultValue = "" + LocalFleet.DEFAULT_WORKER_PORT,
            description = "First worker's /health and /metrics port; further workers take the next ports "
                    + "(default ${DEFAULT-VALUE}).")
    int workerPort;

    @Option(names = "--no-restart", description = "Do not restart a child (broker, S3 server, coordinator, worker) "
            + "that dies; by default it is restarted after 1 s, doubling to 30 s, reset after 2 min of running.")
    boolean noRestart;

    @Option(names = "--autoscale", paramLabel = "MIN..MAX",
            description = "Size the workers on consumer lag, as the KEDA ScaledObjects in k8s/ do (ScalingPolicy): "
                    + "MIN..MAX translate workers, 0..MAX train workers; --workers is then ignored. Each decision is "
                    + "printed with its lag and shown at /fleet/scaling.")
    String autoscale;

    @Option(names = "--data-dir", description = "Broker and S3 data, kept across runs (default <repo>/.cyclefleet/data).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Path root = LocalFleet.repositoryRoot();
        AutoscaleBounds bounds = autoscale == null ? null : AutoscaleBounds.parse(autoscale);
        LocalFleet.Options options = LocalFleet.Options.up(root).withWorkers(bounds == null ? workers : 0)
                .withPorts(kafkaPort, s3Port, coordinatorPort, workerPort);
        if (dataDir != null) {
            options = options.withDataDir(dataDir);
        }
        if (noRestart) {
            options = options.withSupervision(null);
        }
        System.err.println("starting the fleet (Kafka, s3proxy, coordinator, "
                + (bounds == null ? workers + " worker(s)" : "workers autoscaled " + bounds) + ")...");
        LocalFleet fleet = LocalFleet.start(options);
        Autoscaler autoscaler = bounds == null ? null : new Autoscaler(bounds.pools(fleet), fleet.kafkaBootstrap(),
                System.err::println, Clock.systemUTC()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("\nstopping the fleet...");
            try {
                if (autoscaler != null) {
                    autoscaler.close();
                }
                fleet.close();
            } finally {
                stopped.countDown();
            }
        }, "cyclefleet-up-stop"));
        System.out.println(describe(fleet));
        System.out.flush();
        // the fleet's supervisor restarts what dies and prints each action; this thread only waits for Ctrl-C
        stopped.await();
        return 0;
    }

    static String describe(LocalFleet fleet) {
        StringBuilder s = new StringBuilder();
        String c = fleet.coordinatorUrl();
        s.append("CycleFleet is up (Ctrl-C stops everything")
                .append(fleet.options().supervision() == null ? "; children that die are not restarted)\n"
                        : "; a child that dies is restarted)\n");
        s.append("  dashboard          ").append(c).append("/   (jobs with live loss curves, datasets, translate, fleet)\n");
        s.append("  coordinator REST   ").append(c).append("   (datasets, jobs, models, translations)\n");
        s.append("  OpenAPI            ").append(c).append("/q/openapi   Swagger UI ").append(c).append("/q/swagger-ui\n");
        s.append("  readiness          ").append(c).append("/q/health/ready   metrics ").append(c).append("/q/metrics\n");
        s.append("  workers            ").append(c).append("/fleet/workers   (heartbeats: alive, current task)\n");
        s.append("  scaling            ").append(c).append("/fleet/scaling   (autoscaler decisions, with --autoscale)\n");
        for (LocalFleet.WorkerHandle w : fleet.workers()) {
            s.append("  worker ").append(w.id()).append("  ").append(w.url()).append("/metrics   ")
                    .append(w.url()).append("/health\n");
        }
        var st = fleet.storage();
        s.append("  S3 endpoint        ").append(st.endpoint()).append("   bucket ").append(st.bucket())
                .append("   access key ").append(st.accessKey()).append("   secret key ").append(st.secretKey())
                .append('\n');
        s.append("  Kafka bootstrap    ").append(fleet.kafkaBootstrap()).append('\n');
        s.append("  logs               ").append(fleet.options().logDir()).append(" (coordinator, workers), ")
                .append(fleet.infra().dataDir()).append("/{kafka/broker.log,s3/s3proxy.log}\n");
        s.append("  data               ").append(fleet.infra().dataDir())
                .append(fleet.options().dataDir() == null ? " (temporary)" : " (kept across runs)");
        return s.toString();
    }
}
