package com.cyclefleet.coordinator.state;

import com.cyclefleet.coordinator.state.Views.ModelVersionView;
import com.cyclefleet.coordinator.state.Views.ModelView;
import com.cyclefleet.coordinator.state.Views.PromotionView;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.EvalMetric;
import com.cyclefleet.protocol.EvaluationDone;
import com.cyclefleet.protocol.ModelScores;
import com.cyclefleet.protocol.RetrainDecided;
import com.cyclefleet.protocol.ModelPromoted;
import com.cyclefleet.protocol.ModelVersionCreated;
import com.cyclefleet.protocol.ModelVersionKind;
import com.cyclefleet.protocol.codec.Envelope;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The models' versions and the promoted defaults, folded from version and promotion events. Guarded by the
 * {@link FleetState} lock.
 */
final class ModelFold {

    private final Map<String, TreeMap<Integer, ModelVersionView>> models = new TreeMap<>();
    private final Map<String, PromotionView> defaults = new TreeMap<>();
    /**
     * By "modelId/version", apart from the versions: an evaluation is keyed by dataset and a version by model, so on
     * replay either may be read first.
     */
    private final Map<String, Map<EvalMetric, Double>> scores = new HashMap<>();
    private final Map<String, RetrainDecided> decisions = new HashMap<>();

    void fold(Envelope record) {
        if (record.payload() instanceof ModelVersionCreated v) {
            String key = v.generatorKeys().values().stream().findFirst().orElse(null);
            models.computeIfAbsent(v.modelId(), id -> new TreeMap<>()).put(v.version(), new ModelVersionView(
                    v.modelId(), v.version(), v.kind(), v.source(), v.iteration(), v.dataset(), key,
                    v.generatorKeys(), record.timestamp(), Map.of(), null));
        } else if (record.payload() instanceof EvaluationDone e) {
            score(e.candidate());
            score(e.baseline());
        } else if (record.payload() instanceof RetrainDecided d) {
            // the first decision on a candidate is the one acted on
            decisions.putIfAbsent(versionKey(d.modelId(), d.candidateVersion()), d);
        } else if (record.payload() instanceof ModelPromoted p) {
            defaults.put(defaultKey(p.dataset(), p.direction()),
                    new PromotionView(p.dataset(), p.direction(), p.modelId(), p.version(), record.timestamp()));
        }
    }

    private void score(ModelScores s) {
        if (s != null) {
            scores.put(versionKey(s.modelId(), s.version()), s.scores());
        }
    }

    private static String versionKey(String modelId, int version) {
        return modelId + "/" + version;
    }

    /** The stored version with what evaluations said of it. */
    private ModelVersionView withEvaluation(ModelVersionView v) {
        String key = versionKey(v.modelId(), v.version());
        return new ModelVersionView(v.modelId(), v.version(), v.kind(), v.source(), v.iteration(), v.dataset(),
                v.key(), v.generatorKeys(), v.createdAt(), scores.getOrDefault(key, Map.of()), decisions.get(key));
    }

    private static String defaultKey(String dataset, Direction direction) {
        return dataset + "/" + direction.wireName();
    }

    /** The FINAL version a job's training created, once the coordinator has created it. */
    Optional<ModelVersionView> finalVersionOf(String jobId) {
        return models.values().stream().flatMap(v -> v.values().stream())
                .filter(v -> jobId.equals(v.source()) && v.kind() == ModelVersionKind.FINAL)
                .findFirst().map(this::withEvaluation);
    }

    /** By model id. */
    List<ModelView> all() {
        return models.keySet().stream().map(this::view).toList();
    }

    Optional<ModelView> get(String modelId) {
        return models.containsKey(modelId) ? Optional.of(view(modelId)) : Optional.empty();
    }

    Optional<ModelVersionView> version(String modelId, int version) {
        TreeMap<Integer, ModelVersionView> versions = models.get(modelId);
        return versions == null ? Optional.empty()
                : Optional.ofNullable(versions.get(version)).map(this::withEvaluation);
    }

    /** Highest version of a model, 0 when it has none. */
    int latestVersion(String modelId) {
        TreeMap<Integer, ModelVersionView> versions = models.get(modelId);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    List<PromotionView> defaults() {
        return List.copyOf(defaults.values());
    }

    Optional<PromotionView> defaultFor(String dataset, Direction direction) {
        return Optional.ofNullable(defaults.get(defaultKey(dataset, direction)));
    }

    private ModelView view(String modelId) {
        TreeMap<Integer, ModelVersionView> versions = models.get(modelId);
        List<PromotionView> promoted = defaults.values().stream().filter(p -> p.modelId().equals(modelId))
                .sorted(Comparator.comparing(PromotionView::dataset).thenComparing(PromotionView::direction)).toList();
        return new ModelView(modelId, versions.isEmpty() ? 0 : versions.lastKey(),
                versions.values().stream().map(this::withEvaluation).toList(),
                promoted);
    }
}
