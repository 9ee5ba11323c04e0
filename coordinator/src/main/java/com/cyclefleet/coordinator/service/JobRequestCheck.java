package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.formats.image.PixelBudget;
import com.cyclefleet.protocol.TrainingSpec;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.util.stream.Collectors;

/**
 * The door of POST /jobs: reads the body strictly (an unknown or misspelled key is a 400 naming it, instead of
 * being ignored and the job silently falling back to the defaults) and checks every hyper-parameter's range in
 * the API's field names, so that nothing the worker would refuse, overflow on or run for days gets published.
 */
public final class JobRequestCheck {

    /** Generator and discriminator widths; 256 already needs gigabytes per network. */
    static final int MAX_FILTERS = 256;
    /** Crops are multiples of this: the generator down-samples twice by 2. */
    static final int SIZE_MULTIPLE = 4;
    static final int MIN_SIZE = SIZE_MULTIPLE;
    /** A job longer than this is a typo; ten million iterations are months on any fleet. */
    static final long MAX_TOTAL_ITERATIONS = 10_000_000L;
    /** A chunk is a unit of work one worker runs before it checkpoints: at most a day. */
    static final long MAX_CHUNK_SECONDS = 24L * 60 * 60;
    static final int MAX_BATCH_SIZE = 64;
    static final int MAX_POOL_SIZE = 1000;
    static final int MAX_EPOCHS = 100_000;
    static final double MAX_LAMBDA = 1000.0;

    private JobRequestCheck() {
    }

    /** The body as a JobRequest; unknown keys and wrongly typed values are 400s naming the field. */
    public static JobRequest parse(JsonNode body, ObjectMapper mapper) {
        if (body == null || body.isNull() || !body.isObject()) {
            throw new InvalidRequest("send a JSON object with at least 'dataset' and 'totalIterations'");
        }
        try {
            return mapper.readerFor(JobRequest.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).readValue(body);
        } catch (UnrecognizedPropertyException e) {
            String where = path(e);
            throw new InvalidRequest("unknown field '" + where + "'; known fields" + (where.contains(".")
                    ? " of hyperParameters" : "") + ": " + e.getKnownPropertyIds().stream().map(Object::toString)
                    .sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            throw new InvalidRequest("field '" + path(e) + "' has the wrong type: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequest("invalid JSON body: " + e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /**
     * Checks the job's own fields (the chunking) and the resolved spec, naming the API field of the first bad one.
     * What TrainingSpec refuses itself (cropSize above loadSize, negative values) it has refused already.
     */
    public static void check(TrainingSpec s, long chunkIterations, long chunkMaxSeconds, PixelBudget budget) {
        range("totalIterations", s.totalIterations(), 1, MAX_TOTAL_ITERATIONS);
        range("chunkIterations", chunkIterations, 1, MAX_TOTAL_ITERATIONS);
        range("chunkMaxSeconds", chunkMaxSeconds, 1, MAX_CHUNK_SECONDS);
        String h = "hyperParameters.";
        range(h + "ngf", s.ngf(), 1, MAX_FILTERS);
        range(h + "ndf", s.ndf(), 1, MAX_FILTERS);
        // the worker decodes and resizes every image to loadSize x loadSize: the pixel budget bounds it
        long maxSize = (long) Math.sqrt((double) budget.maxPixels());
        range(h + "loadSize", s.loadSize(), MIN_SIZE, maxSize);
        range(h + "cropSize", s.cropSize(), MIN_SIZE, maxSize);
        if (s.cropSize() % SIZE_MULTIPLE != 0) {
            throw new InvalidRequest(h + "cropSize must be a multiple of " + SIZE_MULTIPLE + " (the generator "
                    + "down-samples twice by 2), was " + s.cropSize());
        }
        range(h + "batchSize", s.batchSize(), 1, MAX_BATCH_SIZE);
        range(h + "poolSize", s.poolSize(), 0, MAX_POOL_SIZE);
        range(h + "epochs", s.epochs(), 0, MAX_EPOCHS);
        range(h + "epochsDecay", s.epochsDecay(), 0, MAX_EPOCHS);
        if (s.epochs() + s.epochsDecay() < 1) {
            throw new InvalidRequest(h + "epochs plus " + h + "epochsDecay must be at least 1");
        }
        range(h + "lambdaCycle", s.lambdaCycle(), 0, MAX_LAMBDA);
        range(h + "lambdaIdentity", s.lambdaIdentity(), 0, MAX_LAMBDA);
        if (!(s.lr() > 0 && s.lr() <= 1)) {
            throw new InvalidRequest(h + "lr must be in (0, 1], was " + s.lr());
        }
        if (!(s.beta1() >= 0 && s.beta1() < 1)) {
            throw new InvalidRequest(h + "beta1 must be in [0, 1), was " + s.beta1());
        }
        range(h + "sampleEvery", s.sampleEvery(), 1, MAX_TOTAL_ITERATIONS);
    }

    private static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidRequest(field + " must be in " + min + ".." + max + ", was " + value);
        }
    }

    private static void range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new InvalidRequest(field + " must be in " + min + ".." + max + ", was " + value);
        }
    }
}
