package com.cyclefleet.coordinator.service;

import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.formats.image.PixelBudget;
import com.cyclefleet.formats.training.TrainingParameters;
import com.cyclefleet.formats.training.WireNames;
import com.cyclefleet.protocol.TrainingParametersJson;
import com.cyclefleet.protocol.TrainingSpec;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The door of POST /jobs: reads the body strictly (an unknown or misspelled key is a 400 naming it, instead of
 * being ignored and the job silently falling back to the defaults), checks the job's length and chunking and the
 * image sizes against the pixel budget, and builds the TrainingParameters record, whose own ranges are reported in
 * the API's field names; so nothing the worker would refuse, overflow on or run for days gets published.
 */
public final class JobRequestCheck {

    /** Crops and loads below this leave the generator, which down-samples twice by 2, nothing to work on. */
    static final int MIN_SIZE = TrainingParameters.SIZE_MULTIPLE;
    /** A job longer than this is a typo; ten million iterations are months on any fleet. */
    static final long MAX_TOTAL_ITERATIONS = 10_000_000L;
    /** A chunk is a unit of work one worker runs before it checkpoints: at most a day. */
    static final long MAX_CHUNK_SECONDS = 24L * 60 * 60;
    static final String HYPER = "hyperParameters.";
    /** The job request's own field beside the training parameters. */
    public static final String SAMPLE_EVERY = "sampleEvery";
    static final String LOAD_SIZE = "loadSize";
    static final String CROP_SIZE = "cropSize";
    /** Every field name a hyper-parameter message may mention, to be prefixed with {@link #HYPER}. */
    private static final Pattern FIELD_NAMES = Pattern.compile("\\b(" + Stream.concat(
            Arrays.stream(TrainingParameters.class.getRecordComponents()).map(RecordComponent::getName),
            Stream.of(TrainingParametersJson.LAMBDA_CYCLE, SAMPLE_EVERY)).collect(Collectors.joining("|"))
            + ")\\b");

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

    /** Checks the job's own fields (its length and chunking), naming the API field of the first bad one. */
    public static void check(long totalIterations, long chunkIterations, long chunkMaxSeconds) {
        range("totalIterations", totalIterations, 1, MAX_TOTAL_ITERATIONS);
        range("chunkIterations", chunkIterations, 1, MAX_TOTAL_ITERATIONS);
        range("chunkMaxSeconds", chunkMaxSeconds, 1, MAX_CHUNK_SECONDS);
    }

    /**
     * The job's training from the request's {@code hyperParameters} (null: all defaults), refused with a message
     * naming the API field. The image sizes are checked against the pixel budget first: the worker decodes and
     * resizes every image to loadSize x loadSize, and a size beyond the budget is the first thing to say.
     */
    public static TrainingSpec spec(JsonNode hyperParameters, long totalIterations, int defaultSampleEvery,
                                    PixelBudget budget, ObjectMapper mapper) {
        if (hyperParameters != null && !hyperParameters.isNull() && !hyperParameters.isObject()) {
            throw new InvalidRequest("hyperParameters must be a JSON object");
        }
        ObjectNode given = hyperParameters == null || hyperParameters.isNull() ? mapper.createObjectNode()
                : ((ObjectNode) hyperParameters).deepCopy();
        JsonNode every = given.remove(SAMPLE_EVERY);
        int sampleEvery = defaultSampleEvery;
        if (every != null && !every.isNull()) {
            if (!every.canConvertToInt() || !every.isIntegralNumber()) {
                throw new InvalidRequest("field '" + HYPER + SAMPLE_EVERY + "' has the wrong type: an integer");
            }
            sampleEvery = every.intValue();
        }
        range(HYPER + SAMPLE_EVERY, sampleEvery, 1, MAX_TOTAL_ITERATIONS);
        long maxSize = (long) Math.sqrt((double) budget.maxPixels());
        for (String size : new String[]{LOAD_SIZE, CROP_SIZE}) {
            JsonNode v = given.get(size);
            if (v != null && v.isIntegralNumber()) {
                range(HYPER + size, v.longValue(), MIN_SIZE, maxSize);
            }
        }
        TrainingParameters parameters;
        try {
            parameters = TrainingParametersJson.read(given, mapper.readerFor(TrainingParameters.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES));
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequest("unknown field '" + HYPER + path(e) + "'; known fields of hyperParameters: "
                    + Stream.concat(e.getKnownPropertyIds().stream().map(Object::toString),
                    Stream.of(TrainingParametersJson.LAMBDA_CYCLE, SAMPLE_EVERY, "nearestResizeA", "nearestResizeB"))
                    .sorted().collect(Collectors.joining(", ")), e);
        } catch (InvalidFormatException e) {
            if (e.getTargetType() != null && e.getTargetType().isEnum()) {
                @SuppressWarnings("unchecked")
                Class<? extends Enum<?>> type = (Class<? extends Enum<?>>) e.getTargetType();
                throw new InvalidRequest(HYPER + path(e) + " must be one of " + WireNames.list(type) + ", was "
                        + e.getValue(), e);
            }
            throw new InvalidRequest("field '" + HYPER + path(e) + "' has the wrong type: " + e.getOriginalMessage(), e);
        } catch (ValueInstantiationException e) {
            throw new InvalidRequest(prefixed(e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage()),
                    e);
        } catch (JsonMappingException e) {
            throw new InvalidRequest("field '" + HYPER + path(e) + "' has the wrong type: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(prefixed(e.getMessage()), e);
        } catch (IOException e) {
            throw new InvalidRequest("invalid hyperParameters: " + e.getMessage(), e);
        }
        try {
            return new TrainingSpec(parameters, totalIterations, sampleEvery);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage(), e);
        }
    }

    private static String prefixed(String message) {
        return FIELD_NAMES.matcher(message).replaceAll(HYPER + "$1");
    }

    private static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidRequest(field + " must be in " + min + ".." + max + ", was " + value);
        }
    }
}
