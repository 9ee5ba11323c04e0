package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.domain.InvalidRequest;
import com.cyclefleet.protocol.Domain;
import com.cyclefleet.protocol.EvalMetric;
import com.cyclefleet.protocol.RetrainPolicySet;
import com.cyclefleet.storage.ObjectLayout;
import com.cyclefleet.storage.ObjectStore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads a policy body strictly and turns it into the event that sets it, or refuses it naming the bad field. */
final class PolicyCheck {

    private PolicyCheck() {
    }

    static PolicyRequest parse(JsonNode body, ObjectMapper mapper) {
        if (body == null || body.isNull() || !body.isObject()) {
            throw new InvalidRequest("send a JSON object (every field optional, e.g. {\"minNewImages\": 10})");
        }
        try {
            return mapper.readerFor(PolicyRequest.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(body);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequest("unknown field '" + e.getPropertyName() + "'; known fields: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(r -> String.valueOf(r.getFieldName()))
                    .collect(Collectors.joining("."));
            throw new InvalidRequest("field '" + field + "' has the wrong type: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequest("invalid JSON body: " + e.getMessage());
        }
    }

    /**
     * @param imagesPerDomain fewest images of the dataset's two domains now, for the held-out fraction's check
     * @param domainPrefixes  where the dataset's domains are: an evaluation prefix must not overlap them
     */
    static RetrainPolicySet check(String dataset, PolicyRequest r, RetrainConfig.Defaults d, ObjectStore store,
                                  long imagesPerDomain, Map<Domain, String> domainPrefixes) {
        if (!ObjectLayout.isValidSegment(dataset)) {
            throw new InvalidRequest("dataset name '" + dataset + "' is not valid");
        }
        String modelId = r.modelId() == null ? dataset : r.modelId();
        if (!ObjectLayout.isValidSegment(modelId)) {
            throw new InvalidRequest("modelId '" + modelId + "' is not valid: use letters, digits, '.', '_' and '-'");
        }
        long minNewImages = atLeast("minNewImages", r.minNewImages(), d.minNewImages(), 1);
        long minInterval = atLeast("minIntervalMinutes", r.minIntervalMinutes(), d.minIntervalMinutes(), 0);
        long iterations = atLeast("iterations", r.iterations(), d.iterations(), 1);
        long chunkIterations = atLeast("chunkIterations", r.chunkIterations(), d.chunkIterations(), 1);
        EvalMetric metric;
        try {
            metric = EvalMetric.fromWireName(r.metric() == null ? d.metric() : r.metric());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("metric: " + e.getMessage());
        }
        double margin = r.margin() == null ? d.margin() : r.margin();
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new InvalidRequest("margin must be a finite number of at least 0, was " + margin);
        }
        String evalPrefix = r.evalPrefix();
        double fraction;
        if (evalPrefix != null) {
            if (r.evalFraction() != null) {
                throw new InvalidRequest("give evalPrefix or evalFraction, not both");
            }
            if (evalPrefix.isBlank() || evalPrefix.startsWith("/") || !evalPrefix.endsWith("/")
                    || evalPrefix.contains("..")) {
                throw new InvalidRequest("evalPrefix '" + evalPrefix + "' must be a key prefix ending in '/', without "
                        + "a leading '/' or '..'");
            }
            for (Map.Entry<Domain, String> domain : domainPrefixes.entrySet()) {
                // images of the training set would score the candidate on what it trained on
                String p = domain.getValue();
                if (evalPrefix.startsWith(p) || p.startsWith(evalPrefix)) {
                    throw new InvalidRequest("evalPrefix '" + evalPrefix + "' overlaps the dataset's own domain "
                            + domain.getKey() + " prefix '" + p + "': the candidate would be scored on images it "
                            + "trained on; use a prefix outside the dataset, or evalFraction");
                }
            }
            if (store.list(evalPrefix).isEmpty()) {
                throw new InvalidRequest("the evaluation set is empty: evalPrefix '" + evalPrefix
                        + "' holds no objects in bucket '" + store.bucket() + "'");
            }
            fraction = 0;
        } else {
            fraction = r.evalFraction() == null ? d.evalFraction() : r.evalFraction();
            if (!(fraction > 0 && fraction < 1)) {
                throw new InvalidRequest("evalFraction must be between 0 and 1 (exclusive), was " + fraction
                        + "; the evaluation set would be empty or hold all the data");
            }
            if (imagesPerDomain > 0 && Math.floor(imagesPerDomain * fraction) < 1) {
                throw new InvalidRequest("the evaluation set is empty: evalFraction " + fraction + " of "
                        + imagesPerDomain + " images per domain is less than one image");
            }
        }
        return new RetrainPolicySet(dataset, r.enabled() == null || r.enabled(), modelId, minNewImages, minInterval,
                iterations, chunkIterations, evalPrefix, fraction, metric, margin);
    }

    private static long atLeast(String field, Long value, long fallback, long minimum) {
        long v = value == null ? fallback : value;
        if (v < minimum) {
            throw new InvalidRequest(field + " must be at least " + minimum + ", was " + v);
        }
        return v;
    }
}
