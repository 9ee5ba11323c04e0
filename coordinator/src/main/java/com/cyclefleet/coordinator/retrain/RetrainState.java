package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.protocol.DatasetChanged;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.ModelPromoted;
import com.cyclefleet.protocol.RetrainPolicySet;
import com.cyclefleet.protocol.RetrainStarted;
import com.cyclefleet.protocol.ServingProbationEnded;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.TranslationDone;
import com.cyclefleet.protocol.TranslationFailed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the coordinator knows about retraining, folded from the event topic like the rest of the fleet state: the
 * image keys seen (so an object reported twice, by the watcher, a notification and an upload, counts once), each
 * dataset's policy, the images pending since its last retrain, and the retrains started. Because it is folded, a
 * restarted coordinator knows exactly what the previous one had decided.
 */
public final class RetrainState {

    /** One retrain as folded. */
    public record Retrain(RetrainStarted started, Instant startedAt) {
    }

    /** A dataset's retraining as folded. */
    public record DatasetRetraining(String dataset, RetrainPolicySet policy, Instant policySetAt, long pendingImages,
                                    Instant lastArrivalAt, List<Retrain> retrains) {

        public Optional<Retrain> last() {
            return retrains.isEmpty() ? Optional.empty() : Optional.of(retrains.get(retrains.size() - 1));
        }
    }

    private static final class Entry {
        RetrainPolicySet policy;
        Instant policySetAt;
        long pending;
        Instant lastArrivalAt;
        final List<Retrain> retrains = new ArrayList<>();
    }

    private final Set<String> seenKeys = new HashSet<>();
    private final Map<String, Entry> datasets = new TreeMap<>();
    private final Map<String, String> retrainOfJob = new HashMap<>();
    /** Per dataset and direction, every promotion in fold order: what a rollback goes back to. */
    private final Map<String, List<Serving>> promotions = new HashMap<>();

    /** A model version serving a dataset in one direction. */
    public record Serving(String modelId, int version) {
    }

    /** A promoted version's first translations, counted until its probation is judged. */
    public record Probation(String dataset, Direction direction, Serving serving, Serving previous, long requests,
                            long failures) {
    }

    private static final class Counting {
        final Serving serving;
        final Serving previous;
        long requests;
        long failures;

        Counting(Serving serving, Serving previous) {
            this.serving = serving;
            this.previous = previous;
        }
    }

    /** Open probations by dataset/direction: promoted versions that have a previous default to go back to. */
    private final Map<String, Counting> probations = new TreeMap<>();
    /** Requests to a version on probation, by id, until their outcome: the probations (keys) they count for. */
    private final Map<String, List<String>> probationRequests = new HashMap<>();
    /**
     * Outcomes read before their task (tasks and events are different topics), kept only while a probation is open.
     * True for a failure.
     */
    private final Map<String, Boolean> earlyOutcomes = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_EARLY_OUTCOMES;
        }
    };
    /**
     * Bound of the early outcomes: most belong to versions not on probation (their task is not known yet to tell),
     * and an early outcome waits at most for the other topic's next poll, so the latest few thousand are enough.
     */
    private static final int MAX_EARLY_OUTCOMES = 10_000;

    /** Folds one message; anything not about retraining or data arrival is ignored. */
    public synchronized void apply(Message m, Instant at) {
        if (m instanceof DatasetChanged c) {
            // a key ending in '/' registers an existing prefix: not an image arrival
            if (c.key().endsWith("/") || !seenKeys.add(c.key())) {
                return;
            }
            Entry e = datasets.get(c.dataset());
            // images before the dataset has a policy are what its first model trains on, not new data
            if (e != null && e.policy != null) {
                e.pending++;
                e.lastArrivalAt = at;
            }
        } else if (m instanceof ModelPromoted p) {
            String key = p.dataset() + "/" + p.direction().wireName();
            List<Serving> history = promotions.computeIfAbsent(key, k -> new ArrayList<>());
            Serving serving = new Serving(p.modelId(), p.version());
            Serving previous = history.isEmpty() ? null : history.get(history.size() - 1);
            history.add(serving);
            if (previous != null && !previous.equals(serving)) {
                probations.put(key, new Counting(serving, previous));
            }
        } else if (m instanceof TranslateTask t) {
            List<String> keys = new ArrayList<>();
            probations.forEach((key, c) -> {
                if (c.serving.equals(new Serving(t.modelId(), t.modelVersion()))
                        && key.endsWith("/" + t.direction().wireName())) {
                    keys.add(key);
                }
            });
            if (!keys.isEmpty()) {
                Boolean early = earlyOutcomes.remove(t.requestId());
                if (early != null) {
                    count(keys, early);
                } else {
                    probationRequests.put(t.requestId(), keys);
                }
            }
        } else if (m instanceof TranslationDone t) {
            outcome(t.requestId(), false);
        } else if (m instanceof TranslationFailed t) {
            outcome(t.requestId(), true);
        } else if (m instanceof ServingProbationEnded e) {
            String key = e.dataset() + "/" + e.direction().wireName();
            Counting c = probations.get(key);
            if (c != null && c.serving.equals(new Serving(e.modelId(), e.version()))) {
                probations.remove(key);
            }
            if (probations.isEmpty()) {
                probationRequests.clear();
                earlyOutcomes.clear();
            }
        } else if (m instanceof RetrainPolicySet p) {
            Entry e = datasets.computeIfAbsent(p.dataset(), d -> new Entry());
            e.policy = p;
            e.policySetAt = at;
        } else if (m instanceof RetrainStarted s) {
            if (retrainOfJob.putIfAbsent(s.jobId(), s.retrainId()) != null) {
                return;
            }
            Entry e = datasets.computeIfAbsent(s.dataset(), d -> new Entry());
            // the same key orders it after exactly the arrivals it covers; later ones wait for a follow-up
            e.pending = Math.max(0, e.pending - s.newImages());
            e.retrains.add(new Retrain(s, at));
        }
    }

    private void outcome(String requestId, boolean failed) {
        List<String> keys = probationRequests.remove(requestId);
        if (keys != null) {
            count(keys, failed);
        } else if (!probations.isEmpty()) {
            earlyOutcomes.putIfAbsent(requestId, failed);
        }
    }

    private void count(List<String> keys, boolean failed) {
        for (String key : keys) {
            Counting c = probations.get(key);
            if (c != null) {
                c.requests++;
                c.failures += failed ? 1 : 0;
            }
        }
    }

    /** The open probations, with their counts so far. */
    public synchronized List<Probation> probations() {
        List<Probation> out = new ArrayList<>();
        probations.forEach((key, c) -> {
            int slash = key.lastIndexOf('/');
            out.add(new Probation(key.substring(0, slash), Direction.fromWireName(key.substring(slash + 1)),
                    c.serving, c.previous, c.requests, c.failures));
        });
        return out;
    }

    /** Whether an image key was reported already, by any path. */
    public synchronized boolean seen(String key) {
        return seenKeys.contains(key);
    }

    public synchronized Optional<DatasetRetraining> dataset(String dataset) {
        Entry e = datasets.get(dataset);
        return e == null ? Optional.empty() : Optional.of(view(dataset, e));
    }

    /** Datasets that have a policy, enabled or not. */
    public synchronized List<DatasetRetraining> withPolicy() {
        List<DatasetRetraining> out = new ArrayList<>();
        datasets.forEach((name, e) -> {
            if (e.policy != null) {
                out.add(view(name, e));
            }
        });
        return out;
    }

    /**
     * The default before the current one: the latest promotion of another version. A rollback promotes it again, so
     * a second rollback goes forward to the version rolled back from.
     */
    public synchronized Optional<Serving> previousDefault(String dataset, Direction direction) {
        List<Serving> history = promotions.getOrDefault(dataset + "/" + direction.wireName(), List.of());
        if (history.isEmpty()) {
            return Optional.empty();
        }
        Serving current = history.get(history.size() - 1);
        for (int i = history.size() - 2; i >= 0; i--) {
            if (!history.get(i).equals(current)) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    /** The retrain a job belongs to, if it is one. */
    public synchronized Optional<String> retrainOfJob(String jobId) {
        return Optional.ofNullable(retrainOfJob.get(jobId));
    }

    private static DatasetRetraining view(String name, Entry e) {
        return new DatasetRetraining(name, e.policy, e.policySetAt, e.pending, e.lastArrivalAt,
                List.copyOf(e.retrains));
    }
}
