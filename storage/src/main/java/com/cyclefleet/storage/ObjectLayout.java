package com.cyclefleet.storage;

import com.cyclefleet.protocol.Domain;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object key scheme: every key CycleFleet writes is built here and nowhere else. All keys live in the one
 * configured bucket ({@link StorageConfig#bucket()}).
 *
 * <h2>Object layout</h2>
 * <table>
 *   <caption>Keys in the CycleFleet bucket</caption>
 *   <tr><th>Key</th><th>Contents</th><th>Written by</th></tr>
 *   <tr><td>{@code datasets/{dataset}/A/{file}}</td><td>training and test images of domain A</td>
 *       <td>coordinator (upload)</td></tr>
 *   <tr><td>{@code datasets/{dataset}/B/{file}}</td><td>images of domain B</td><td>coordinator (upload)</td></tr>
 *   <tr><td>{@code jobs/{jobId}/checkpoints/iter-{%08d}.ckpt}</td><td>exact-resume checkpoint after that
 *       iteration (weights, both Adam states, counters, image pools, RNG state)</td><td>train worker</td></tr>
 *   <tr><td>{@code jobs/{jobId}/samples/iter-{%08d}.png}</td><td>sample grid (real, fake, reconstructed) at that
 *       iteration</td><td>train worker</td></tr>
 *   <tr><td>{@code jobs/{jobId}/loss-history.jsonl}</td><td>one JSON object of losses per logged iteration,
 *       rewritten whole by each chunk</td><td>train worker</td></tr>
 *   <tr><td>{@code jobs/{jobId}/model.zip}</td><td>serving bundle of a finished job: both generators and
 *       their spec (the engine's model file)</td><td>train worker</td></tr>
 *   <tr><td>{@code jobs/{jobId}/cancelled}</td><td>empty marker: train chunks of a cancelled job are skipped</td>
 *       <td>coordinator</td></tr>
 *   <tr><td>{@code models/{modelId}/v{version}/model.zip}</td><td>a model version: a serving bundle (from a
 *       finished job or imported reference weights) or a full checkpoint; the engine loads either</td>
 *       <td>coordinator</td></tr>
 *   <tr><td>{@code translations/{requestId}/input.png}</td><td>image submitted for translation</td>
 *       <td>coordinator</td></tr>
 *   <tr><td>{@code translations/{requestId}/output.png}</td><td>translated image</td><td>translate worker</td></tr>
 * </table>
 *
 * <p>Iterations are zero-padded to {@value #ITERATION_DIGITS} digits so that listing a job's checkpoints in key
 * order lists them in iteration order, and the last one is the latest. A redone chunk writes the same keys, so it
 * overwrites instead of duplicating. Names that become one key segment (dataset, job, model, request and file
 * names) must match {@code [A-Za-z0-9][A-Za-z0-9._-]*}, at most {@value #MAX_SEGMENT_LENGTH} characters: no
 * slashes, no spaces, nothing that needs URL escaping.
 */
public final class ObjectLayout {

    public static final String DATASETS = "datasets/";
    public static final String JOBS = "jobs/";
    public static final String MODELS = "models/";
    public static final String TRANSLATIONS = "translations/";

    /** Width of the zero-padded iteration in checkpoint and sample keys. */
    public static final int ITERATION_DIGITS = 8;
    /** Iterations must stay below this for keys to sort in iteration order. */
    public static final long ITERATION_LIMIT = 100_000_000L;
    public static final int MAX_SEGMENT_LENGTH = 128;

    public static final String CHECKPOINT_EXTENSION = ".ckpt";
    public static final String SAMPLE_EXTENSION = ".png";
    /** The engine's model file: both generators, or a full checkpoint, which the engine also loads. */
    public static final String MODEL_FILE = "model.zip";
    public static final String CANCELLED_MARKER = "cancelled";

    private static final String ITERATION_PREFIX = "iter-";
    private static final String ITERATION_FORMAT = ITERATION_PREFIX + "%0" + ITERATION_DIGITS + "d";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_SEGMENT_LENGTH - 1) + "}");
    private static final Pattern ITERATION_KEY = Pattern.compile(
            "^" + JOBS + "[^/]+/(?:checkpoints|samples)/" + ITERATION_PREFIX + "(\\d{" + ITERATION_DIGITS + "})\\.[a-z]+$");

    private ObjectLayout() {
    }

    /** {@code datasets/{dataset}/} */
    public static String datasetPrefix(String dataset) {
        return DATASETS + segment(dataset, "dataset") + "/";
    }

    /** {@code datasets/{dataset}/{A|B}/} */
    public static String domainPrefix(String dataset, Domain domain) {
        return datasetPrefix(dataset) + domain.name() + "/";
    }

    /** {@code datasets/{dataset}/{A|B}/{file}} */
    public static String datasetImage(String dataset, Domain domain, String file) {
        return domainPrefix(dataset, domain) + segment(file, "file name");
    }

    /** {@code jobs/{jobId}/} */
    public static String jobPrefix(String jobId) {
        return JOBS + segment(jobId, "job id") + "/";
    }

    /** {@code jobs/{jobId}/checkpoints/} */
    public static String checkpointPrefix(String jobId) {
        return jobPrefix(jobId) + "checkpoints/";
    }

    /** {@code jobs/{jobId}/checkpoints/iter-{%08d}.ckpt} */
    public static String checkpoint(String jobId, long iteration) {
        return checkpointPrefix(jobId) + iteration(iteration) + CHECKPOINT_EXTENSION;
    }

    /** {@code jobs/{jobId}/samples/} */
    public static String samplePrefix(String jobId) {
        return jobPrefix(jobId) + "samples/";
    }

    /** {@code jobs/{jobId}/samples/iter-{%08d}.png} */
    public static String sample(String jobId, long iteration) {
        return samplePrefix(jobId) + iteration(iteration) + SAMPLE_EXTENSION;
    }

    /** {@code jobs/{jobId}/loss-history.jsonl} */
    public static String lossHistory(String jobId) {
        return jobPrefix(jobId) + "loss-history.jsonl";
    }

    /** {@code models/{modelId}/} */
    public static String modelPrefix(String modelId) {
        return MODELS + segment(modelId, "model id") + "/";
    }

    /** {@code models/{modelId}/v{version}/} */
    public static String modelVersionPrefix(String modelId, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("model versions start at 1, was " + version);
        }
        return modelPrefix(modelId) + "v" + version + "/";
    }

    /** {@code models/{modelId}/v{version}/model.zip} */
    public static String modelArtifact(String modelId, int version) {
        return modelVersionPrefix(modelId, version) + MODEL_FILE;
    }

    /** {@code jobs/{jobId}/model.zip}: the serving bundle a finished job exports. */
    public static String jobBundle(String jobId) {
        return jobPrefix(jobId) + MODEL_FILE;
    }

    /** {@code jobs/{jobId}/cancelled} */
    public static String jobCancelled(String jobId) {
        return jobPrefix(jobId) + CANCELLED_MARKER;
    }

    /** {@code translations/{requestId}/} */
    public static String translationPrefix(String requestId) {
        return TRANSLATIONS + segment(requestId, "request id") + "/";
    }

    /** {@code translations/{requestId}/input.png} */
    public static String translationInput(String requestId) {
        return translationPrefix(requestId) + "input.png";
    }

    /** {@code translations/{requestId}/output.png} */
    public static String translationOutput(String requestId) {
        return translationPrefix(requestId) + "output.png";
    }

    /** The iteration in a checkpoint or sample key, or empty for any other key. */
    public static OptionalLong iterationOf(String key) {
        Matcher matcher = ITERATION_KEY.matcher(key);
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** True when a name can be used as one key segment (see the class comment). */
    public static boolean isValidSegment(String name) {
        return name != null && SEGMENT.matcher(name).matches() && !name.contains("..");
    }

    private static String segment(String name, String what) {
        if (!isValidSegment(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' cannot be part of an object key: use letters,"
                    + " digits, '.', '_' and '-', starting with a letter or digit, at most " + MAX_SEGMENT_LENGTH
                    + " characters");
        }
        return name;
    }

    private static String iteration(long iteration) {
        if (iteration < 0 || iteration >= ITERATION_LIMIT) {
            throw new IllegalArgumentException("iteration must be in [0, " + ITERATION_LIMIT + "), was " + iteration);
        }
        return String.format(ITERATION_FORMAT, iteration);
    }
}
