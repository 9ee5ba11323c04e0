package com.cyclefleet.launcher;

import com.cyclefleet.devstack.Directories;
import com.cyclefleet.engine.data.ImageCodec;
import com.cyclefleet.engine.eval.EvalReport;
import com.cyclefleet.engine.eval.Evaluation;
import com.cyclefleet.engine.synth.SyntheticDatasetWriter;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The whole story through the fleet: start it, make a synthetic dataset, upload it, train, translate the test set,
 * evaluate what the fleet returned, write demo-out/, stop everything.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a temporary fleet, train a small CycleGAN through it on a synthetic street dataset, "
                + "translate the test set through it, evaluate, write demo-out/ and stop.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "32x32, smaller model and run: finishes in a few minutes on 2 cores.")
    boolean quick;

    @Option(names = "--out", defaultValue = "demo-out", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--workers", defaultValue = "1", description = "Workers (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--iterations", description = "Override the training iterations.")
    Long iterations;

    @Option(names = "--kill-worker", description = "SIGKILL worker 0 once, as soon as the job's second chunk runs: "
            + "the supervisor restarts it, the job shows STALLED, then RUNNING again, and the demo still finishes.")
    boolean killWorker;

    /** The demo's model and run; see {@link #plan(boolean)}. */
    record Plan(int size, int count, int ngf, int ndf, int epochs, int epochsDecay, long chunk) {
        long totalIterations() {
            return (long) (epochs + epochsDecay) * count;
        }

        int loadSize() {
            return (size * 9 / 8 + 3) / 4 * 4;
        }
    }

    static Plan plan(boolean quick) {
        // quick: 100 scenes of 32x32, 12 epochs = 1,200 iterations at about 0.2 s each on 2 cores
        // full: 200 scenes of 64x64, 12 epochs = 2,400 iterations
        return quick ? new Plan(32, 100, 16, 16, 6, 6, 300) : new Plan(64, 200, 16, 16, 6, 6, 400);
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Plan plan = plan(quick);
        long total = iterations != null ? iterations : plan.totalIterations();
        Path root = LocalFleet.repositoryRoot();
        Path outDir = out.toAbsolutePath();
        Path dataDir = outDir.resolve("dataset");
        Directories.clean(outDir);

        log(t0, "writing the synthetic dataset (" + plan.count() + " training scenes, " + plan.size() + "x"
                + plan.size() + ") to " + dataDir);
        SyntheticDatasetWriter.write(dataDir, plan.count(), plan.size(), 7L);

        log(t0, "starting the fleet (Kafka, s3proxy, coordinator, " + workers + " worker(s); temporary data)");
        // the run's own log folder: an `up` or another demo on this machine must not overwrite these logs
        LocalFleet.Options options = LocalFleet.Options.temporary(root, outDir.resolve("logs"), workers)
                .withSupervision(RestartBackoff.defaults());
        try (LocalFleet fleet = LocalFleet.start(options)) {
            log(t0, "fleet up: coordinator " + fleet.coordinatorUrl() + ", Kafka " + fleet.kafkaBootstrap() + ", S3 "
                    + fleet.storage().endpoint() + " (logs in " + options.logDir() + ")");
            FleetClient client = new FleetClient(fleet.coordinatorUrl());
            String dataset = "demo";
            JsonNode a = client.uploadFolder(dataset, "A", dataDir.resolve("trainA"));
            JsonNode b = client.uploadFolder(dataset, "B", dataDir.resolve("trainB"));
            log(t0, "uploaded dataset '" + dataset + "': A " + count(a, "A") + " images, B " + count(b, "B")
                    + " images");

            Map<String, Object> hyper = new LinkedHashMap<>();
            hyper.put("netG", "resnet_6blocks");
            hyper.put("ngf", plan.ngf());
            hyper.put("ndf", plan.ndf());
            hyper.put("loadSize", plan.loadSize());
            hyper.put("cropSize", plan.size());
            hyper.put("epochs", plan.epochs());
            hyper.put("epochsDecay", plan.epochsDecay());
            hyper.put("nearestResizeB", true);
            hyper.put("sampleEvery", (int) plan.chunk());
            hyper.put("seed", 42L);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("dataset", dataset);
            request.put("modelId", dataset);
            request.put("totalIterations", total);
            request.put("chunkIterations", plan.chunk());
            request.put("hyperParameters", hyper);
            JsonNode job = client.createJob(request);
            String jobId = job.path("jobId").asText();
            log(t0, "training job " + jobId + ": resnet_6blocks ngf " + plan.ngf() + " ndf " + plan.ndf() + ", "
                    + plan.size() + "x" + plan.size() + ", " + total + " iterations in chunks of " + plan.chunk());

            log(t0, "watch it live: " + fleet.coordinatorUrl() + "/job.html?id=" + jobId);
            JsonNode done = followJob(client, jobId, t0, fleet);
            int version = done.path("modelVersion").asInt(0);
            while (version == 0) {
                FleetClient.sleep(500);
                version = client.jobView(jobId).path("modelVersion").asInt(0);
            }
            log(t0, "job done at iteration " + done.path("iteration").asLong() + "; model '" + dataset + "' version "
                    + version);

            try (FleetTranslator aToB = new FleetTranslator(client, dataset, version, "AtoB", 16);
                 FleetTranslator bToA = new FleetTranslator(client, dataset, version, "BtoA", 16)) {
                int na = translateFolder(aToB, dataDir.resolve("testA"), outDir.resolve("AtoB"));
                int nb = translateFolder(bToA, dataDir.resolve("testB"), outDir.resolve("BtoA"));
                log(t0, "translated the test set through the fleet: " + na + " photos (AtoB) and " + nb
                        + " label maps (BtoA) -> " + outDir.resolve("AtoB") + ", " + outDir.resolve("BtoA"));
                EvalReport report = Evaluation.run(dataDir, aToB, bToA, 8);
                Files.writeString(outDir.resolve("metrics.json"), report.toJson());
                log(t0, "evaluated (cycle and identity translations also through the fleet: " + (aToB.sent()
                        + bToA.sent()) + " fleet translations in all)");
                System.out.printf(Locale.ROOT, "photo->labels per-pixel accuracy %.4f, mean class accuracy %.4f, "
                                + "class IoU %.4f; labels->photo PSNR %.2f dB, SSIM %.4f; %d test pairs%n",
                        report.photoToLabels().pixelAccuracy(), report.photoToLabels().meanClassAccuracy(),
                        report.photoToLabels().classIoU(), report.labelsToPhoto().psnr(),
                        report.labelsToPhoto().ssim(), report.images());
            }
            Files.writeString(outDir.resolve("job.json"),
                    FleetClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(client.jobView(jobId)));
            log(t0, "stopping the fleet");
        }
        System.out.printf(Locale.ROOT, "demo done in %s: %s/metrics.json, %s/AtoB/, %s/BtoA/%n",
                elapsed(t0), out, out, out);
        return 0;
    }

    private static String count(JsonNode view, String domain) {
        if (view.has("count")) {
            return view.path("count").asText();
        }
        JsonNode d = view.path("domains").path(domain);
        return d.isMissingNode() ? "?" : d.path("count").asText();
    }

    private JsonNode followJob(FleetClient client, String jobId, long t0, LocalFleet fleet) {
        boolean tty = System.console() != null;
        boolean killPending = killWorker;
        long lastPrint = 0;
        String lastLine = "";
        String printed = "";
        while (true) {
            JsonNode j = client.jobView(jobId);
            String status = j.path("status").asText();
            String line = progressLine(j, t0);
            long now = System.nanoTime();
            if (tty) {
                System.err.print("\r" + line + "   ");
            } else if (!line.equals(lastLine) && now - lastPrint > 10_000_000_000L) {
                System.err.println(line);
                printed = line;
                lastPrint = now;
            }
            lastLine = line;
            switch (status) {
                case "DONE" -> {
                    if (tty) {
                        System.err.println();
                    } else if (!line.equals(printed)) {
                        System.err.println(line);
                    }
                    return j;
                }
                case "FAILED", "CANCELLED" -> throw new IllegalStateException("training job " + jobId + " "
                        + status + ": " + j.path("failureReason").asText() + " (worker logs in "
                        + fleet.options().logDir() + ")");
                default -> {
                }
            }
            // a worker that dies is the supervisor's to restart (it prints what it does); the job waits for it
            if (killPending && j.path("runningChunk").path("chunkIndex").asInt(0) >= 1) {
                killPending = false;
                LocalFleet.WorkerHandle victim = fleet.workers().get(0);
                fleet.killWorker(0);
                if (tty) {
                    System.err.println();
                }
                log(t0, "--kill-worker: killed worker " + victim.id() + " (SIGKILL) in chunk "
                        + j.path("runningChunk").path("chunkIndex").asInt() + " of job " + jobId);
            }
            FleetClient.sleep(1_000);
        }
    }

    static String progressLine(JsonNode j, long t0) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "[%s] %s iter %d/%d, %d chunks done", elapsed(t0),
                j.path("status").asText(), j.path("iteration").asLong(), j.path("totalIterations").asLong(),
                j.path("chunksDone").asInt()));
        JsonNode running = j.path("runningChunk");
        if (running.isObject()) {
            s.append(String.format(Locale.ROOT, ", chunk %d on %s", running.path("chunkIndex").asInt(),
                    running.path("workerId").asText()));
        }
        JsonNode losses = j.path("losses");
        List<String> parts = new ArrayList<>();
        losses.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + String.format(Locale.ROOT, "%.3f",
                e.getValue().asDouble())));
        if (!parts.isEmpty()) {
            s.append(" | ").append(String.join(" ", parts));
        }
        double ms = j.path("msPerIteration").asDouble();
        if (ms > 0) {
            s.append(String.format(Locale.ROOT, " | %.0f ms/it", ms));
        }
        return s.toString();
    }

    private static int translateFolder(FleetTranslator t, Path in, Path outFolder) throws IOException {
        Files.createDirectories(outFolder);
        List<Path> files;
        try (Stream<Path> s = Files.list(in)) {
            files = s.filter(ImageCodec::isImageFile).sorted().toList();
        }
        List<byte[]> pngs = new ArrayList<>();
        for (Path f : files) {
            // the same encoding FleetTranslator uses, so the evaluation finds these results in its cache
            pngs.add(ImageCodec.encode(ImageCodec.read(f), ImageCodec.PNG));
        }
        List<byte[]> results = t.translatePngs(pngs);
        for (int i = 0; i < files.size(); i++) {
            Files.write(outFolder.resolve(files.get(i).getFileName().toString().replaceAll("\\.[^.]+$", "") + ".png"),
                    results.get(i));
        }
        return files.size();
    }

    static void log(long t0, String message) {
        System.err.println("[" + elapsed(t0) + "] " + message);
    }

    static String elapsed(long t0) {
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
