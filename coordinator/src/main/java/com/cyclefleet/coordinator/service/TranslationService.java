package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.config.CoordinatorConfig;
import com.cyclefleet.coordinator.domain.Conflict;
import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.coordinator.domain.NotFound;
import com.cyclefleet.coordinator.domain.TimedOut;
import com.cyclefleet.coordinator.domain.TooLarge;
import com.cyclefleet.coordinator.domain.Unavailable;
import com.cyclefleet.coordinator.domain.Unprocessable;
import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.state.FleetState;
import com.cyclefleet.coordinator.state.TranslationState;
import com.cyclefleet.coordinator.state.Views.BatchView;
import com.cyclefleet.coordinator.state.Views.PromotionView;
import com.cyclefleet.coordinator.state.Views.TranslationView;
import com.cyclefleet.formats.image.ImageHeader;
import com.cyclefleet.formats.image.ImageRejectedException;
import com.cyclefleet.formats.weights.ResnetGeneratorLayout;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationBatch;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.storage.ObjectLayout;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Translation requests: single (synchronous or not) and batches of a bucket prefix. */
@ApplicationScoped
public class TranslationService {

    private static final String BATCH_ID_PREFIX = "batch-";
    private static final int BATCH_ID_HEX_CHARS = 12;
    private static final String OUTPUT_EXTENSION = ".png";

    @Inject
    Fleet fleet;

    @Inject
    CoordinatorConfig config;

    @Inject
    ImageCheck images;

    private final Map<String, CompletableFuture<TranslationView>> waiters = new ConcurrentHashMap<>();

    /** Which model version translates, in which direction. */
    public record Target(String modelId, int version, Direction direction) {
    }

    /** Body of POST /translations/batches. */
    public record BatchRequest(String modelId, Integer version, String dataset, String direction, String inputPrefix,
                               String outputPrefix) {
    }

    public record BatchAccepted(String batchId, int requests, String inputPrefix, String outputPrefix, Target target) {
    }

    /** A finished synchronous translation. */
    public record Result(String requestId, byte[] png, TranslationView view) {
    }

    void onStart(@Observes @Priority(AFTER_FLEET) StartupEvent event) {
        fleet.state().addListener(this::onApplied);
    }

    static final int AFTER_FLEET = 20;

    private void onApplied(FleetState.Applied applied) {
        String requestId = null;
        if (applied.message() instanceof TranslationDone d) {
            requestId = d.requestId();
        } else if (applied.message() instanceof TranslationFailed f) {
            requestId = f.requestId();
        }
        if (requestId != null) {
            CompletableFuture<TranslationView> waiter = waiters.remove(requestId);
            if (waiter != null) {
                fleet.state().translation(requestId).ifPresent(waiter::complete);
            }
        }
    }

    /** Resolves a model id (latest or given version) or a dataset's promoted default for the direction. */
    public Target resolve(String modelId, Integer version, String dataset, String direction) {
        Direction d = Enums.direction(direction == null || direction.isBlank()
                ? config.translation().defaultDirection() : direction);
        if (modelId == null || modelId.isBlank()) {
            if (dataset == null || dataset.isBlank()) {
                throw new InvalidRequest("name the 'model' (optionally 'version'), or a 'dataset' whose promoted "
                        + "default model translates " + d.wireName());
            }
            PromotionView p = fleet.state().defaultFor(dataset, d).orElseThrow(() -> new NotFound(
                    "no model is promoted as the default for dataset '" + dataset + "' direction " + d.wireName()));
            return new Target(p.modelId(), p.version(), d);
        }
        if (fleet.state().model(modelId).isEmpty()) {
            throw new NotFound("model '" + modelId + "' not found");
        }
        int v = version == null ? fleet.state().latestVersion(modelId) : version;
        if (fleet.state().modelVersion(modelId, v).isEmpty()) {
            throw new NotFound("model '" + modelId + "' has no version " + v);
        }
        return new Target(modelId, v, d);
    }

    /** Checks and stores the image and publishes its task; returns the request id. */
    public String submit(byte[] image, String name, Target target) {
        return submit(image, name, target, null);
    }

    private String submit(byte[] image, String name, Target target, CompletableFuture<TranslationView> waiter) {
        ImageCheck.Image checked = images.check(image, name);
        requireTranslatableSize(checked.width(), checked.height(), name);
        String requestId = UUID.randomUUID().toString();
        if (waiter != null) {
            waiters.put(requestId, waiter);
        }
        try {
            String inputKey = ObjectLayout.translationInput(requestId);
            fleet.store().put(inputKey, image, checked.contentType());
            fleet.publish(new TranslateTask(requestId, target.modelId(), target.version(), target.direction(),
                    inputKey, ObjectLayout.translationOutput(requestId), System.currentTimeMillis(), null));
        } catch (RuntimeException e) {
            waiters.remove(requestId);
            throw e;
        }
        return requestId;
    }

    /** Submits and waits for the result up to the configured timeout (then 504; the request stays accepted). */
    public Result translate(byte[] image, String name, Target target) {
        CompletableFuture<TranslationView> waiter = new CompletableFuture<>();
        String requestId = submit(image, name, target, waiter);
        // the result may have been applied before the waiter could see it
        fleet.state().translation(requestId).filter(t -> t.status() != TranslationState.Status.PENDING)
                .ifPresent(waiter::complete);
        TranslationView view;
        try {
            view = waiter.get(config.translation().syncTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            waiters.remove(requestId);
            throw new TimedOut("translation " + requestId + " did not finish within "
                    + config.translation().syncTimeout().toSeconds() + " s (cyclefleet.translation.sync-timeout); it "
                    + "is still queued: poll GET /translations/" + requestId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for " + requestId);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (view.status() == TranslationState.Status.FAILED) {
            throw new Unprocessable("translation " + requestId + " failed: " + view.reason());
        }
        return new Result(requestId, fleet.store().get(view.outputKey()), view);
    }

    public TranslationView get(String requestId) {
        return fleet.state().translation(requestId).orElseThrow(() -> new NotFound(
                "translation '" + requestId + "' not found"));
    }

    /** The translated image, or 409 while pending / 422 when failed. */
    public byte[] result(String requestId) {
        TranslationView view = get(requestId);
        return switch (view.status()) {
            case DONE -> fleet.store().get(view.outputKey());
            case PENDING -> throw new Conflict("translation " + requestId + " is still pending");
            case FAILED -> throw new Unprocessable("translation " + requestId + " failed: "
                    + view.reason());
        };
    }

    /** Translates every image under a prefix into an output prefix, as one atomic publication of tasks. */
    public BatchAccepted batch(BatchRequest request) {
        if (request == null || request.inputPrefix() == null || request.outputPrefix() == null) {
            throw new InvalidRequest("'inputPrefix' and 'outputPrefix' are required");
        }
        checkPrefix(request.inputPrefix(), "inputPrefix");
        checkPrefix(request.outputPrefix(), "outputPrefix");
        Target target = resolve(request.modelId(), request.version(), request.dataset(), request.direction());
        Map<String, Long> sizes = fleet.store().sizes(request.inputPrefix());
        List<String> inputs = sizes.keySet().stream().filter(this::isImageKey).toList();
        if (inputs.isEmpty()) {
            throw new InvalidRequest("no images (" + config.translation().batchExtensions() + ") under '"
                    + request.inputPrefix() + "' in bucket '" + fleet.store().bucket() + "'");
        }
        if (inputs.size() > config.translation().maxBatchSize()) {
            throw new InvalidRequest(inputs.size() + " images under '" + request.inputPrefix() + "', over the limit"
                    + " of " + config.translation().maxBatchSize() + " (cyclefleet.translation.max-batch-size)");
        }
        for (String input : inputs) {
            checkStoredInput(input, sizes.get(input));
        }
        String batchId = BATCH_ID_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, BATCH_ID_HEX_CHARS);
        TranslationBatch batch = new TranslationBatch(batchId, request.inputPrefix(), request.outputPrefix());
        long now = System.currentTimeMillis();
        List<TranslateTask> tasks = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String input = inputs.get(i);
            String relative = input.substring(request.inputPrefix().length());
            int dot = relative.lastIndexOf('.');
            String output = request.outputPrefix() + (dot > 0 ? relative.substring(0, dot) : relative) + OUTPUT_EXTENSION;
            tasks.add(new TranslateTask(batchId + "." + i, target.modelId(), target.version(),
                    target.direction(), input, output, now, batch));
        }
        fleet.publish(tasks);
        return new BatchAccepted(batchId, inputs.size(), request.inputPrefix(), request.outputPrefix(), target);
    }

    /** The smallest image the generator translates (see ResnetGeneratorLayout.MIN_INPUT_SIZE). */
    private static void requireTranslatableSize(int width, int height, String name) {
        int min = ResnetGeneratorLayout.MIN_INPUT_SIZE;
        if (width < min || height < min) {
            throw new InvalidRequest("image '" + name + "' is " + width + "x" + height + " pixels; the generator "
                    + "translates images of at least " + min + "x" + min);
        }
    }

    /**
     * A batch input is held to the same limits as an uploaded one, from its header (no decoding): one image over
     * the pixel budget would otherwise reach a worker and fail there, or worse.
     */
    private void checkStoredInput(String key, long size) {
        long maxBytes = config.uploads().maxImageBytes();
        if (size > maxBytes) {
            throw new TooLarge("input '" + key + "' is " + size + " bytes, over "
                    + "the limit of " + maxBytes + " bytes (cyclefleet.uploads.max-image-bytes)");
        }
        ImageHeader header;
        try {
            header = images.budget().check(fleet.store().get(key), "input '" + key + "'");
        } catch (ImageRejectedException e) {
            throw e.reason() == ImageRejectedException.Reason.TOO_LARGE
                    ? new TooLarge(e.getMessage()) : new InvalidRequest(e.getMessage());
        }
        requireTranslatableSize(header.width(), header.height(), key);
    }

    public BatchView batchStatus(String batchId) {
        return fleet.state().batch(batchId).orElseThrow(() -> new NotFound("batch '" + batchId + "' not found"));
    }

    public Optional<TranslationView> find(String requestId) {
        return fleet.state().translation(requestId);
    }

    private boolean isImageKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return config.translation().batchExtensions().stream().anyMatch(ext -> lower.endsWith("." + ext));
    }

    private static void checkPrefix(String prefix, String field) {
        if (prefix.isBlank() || prefix.startsWith("/") || !prefix.endsWith("/") || prefix.contains("..")) {
            throw new InvalidRequest("'" + field + "' must be a key prefix ending in '/', without a leading '/' "
                    + "or '..', was '" + prefix + "'");
        }
    }
}
