package com.cyclefleet.coordinator.state;

import com.cyclefleet.coordinator.state.Views.BatchView;
import com.cyclefleet.coordinator.state.Views.TranslationView;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;
import com.cyclefleet.protocol.codec.Envelope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The translation requests and their batches, folded from the translate tasks and their results. Guarded by the
 * {@link FleetState} lock.
 */
final class TranslationFold {

    private static final class Batch {
        final String inputPrefix;
        final String outputPrefix;
        final List<String> requests = new ArrayList<>();

        Batch(String inputPrefix, String outputPrefix) {
            this.inputPrefix = inputPrefix;
            this.outputPrefix = outputPrefix;
        }
    }

    private final Map<String, TranslationState> translations = new HashMap<>();
    private final Map<String, Batch> batches = new LinkedHashMap<>();

    void fold(Envelope record) {
        Instant at = record.timestamp();
        if (record.payload() instanceof TranslateTask t) {
            TranslationState tr = translations.computeIfAbsent(t.requestId(), TranslationState::new);
            tr.modelId = t.modelId();
            tr.modelVersion = t.modelVersion();
            tr.direction = t.direction();
            tr.inputKey = t.inputKey();
            if (tr.outputKey == null) {
                tr.outputKey = t.outputKey();
            }
            tr.submittedAt = Instant.ofEpochMilli(t.submittedAtMillis());
            if (t.batch() != null && tr.batchId == null) {
                tr.batchId = t.batch().batchId();
                batches.computeIfAbsent(tr.batchId, id -> new Batch(t.batch().inputPrefix(),
                        t.batch().outputPrefix())).requests.add(t.requestId());
            }
        } else if (record.payload() instanceof TranslationDone t) {
            TranslationState tr = translations.computeIfAbsent(t.requestId(), TranslationState::new);
            tr.status = TranslationState.Status.DONE;
            tr.modelId = t.modelId();
            tr.outputKey = t.outputKey();
            tr.latencyMs = t.latencyMs();
            tr.batchSize = t.batchSize();
            tr.finishedAt = at;
        } else if (record.payload() instanceof TranslationFailed t) {
            TranslationState tr = translations.computeIfAbsent(t.requestId(), TranslationState::new);
            if (tr.status != TranslationState.Status.DONE) {
                tr.status = TranslationState.Status.FAILED;
                tr.reason = t.reason();
                tr.finishedAt = at;
            }
        }
    }

    Optional<TranslationView> get(String requestId) {
        return Optional.ofNullable(translations.get(requestId)).map(TranslationFold::view);
    }

    int count() {
        return translations.size();
    }

    Optional<BatchView> batch(String batchId) {
        Batch batch = batches.get(batchId);
        if (batch == null) {
            return Optional.empty();
        }
        int done = 0;
        int failed = 0;
        List<String> failedRequests = new ArrayList<>();
        for (String id : batch.requests) {
            TranslationState t = translations.get(id);
            if (t.status == TranslationState.Status.DONE) {
                done++;
            } else if (t.status == TranslationState.Status.FAILED) {
                failed++;
                failedRequests.add(id);
            }
        }
        int total = batch.requests.size();
        return Optional.of(new BatchView(batchId, batch.inputPrefix, batch.outputPrefix, total, done, failed,
                total - done - failed, failedRequests));
    }

    private static TranslationView view(TranslationState t) {
        return new TranslationView(t.requestId, t.status, t.modelId, t.modelVersion, t.direction, t.inputKey,
                t.outputKey, t.batchId, t.latencyMs, t.batchSize, t.reason, t.submittedAt, t.finishedAt);
    }
}
