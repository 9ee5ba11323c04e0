package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.protocol.DatasetChanged;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.EvaluationDone;
import com.cyclefleet.protocol.EvaluationFailed;
import com.cyclefleet.protocol.EvaluationRequested;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.ModelPromoted;
import com.cyclefleet.protocol.RetrainDecided;
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
 * restarted coordinator knows exactly what the previous one had decided: each retrain's evaluation request, its
 * result and its decision are folded events too, so each step is taken once.
 */
public final class RetrainState {

    /**
     * One retrain as folded.
     *
     * @param evaluation the evaluation asked for once its candidate version exists, null before
     * @param done       the evaluation's scores, null until a worker answered (or when it failed)
     * @param failed     why the evaluation could not score, null unless it failed
     * @param decision   the gate's decision, null until made
     */
    public record Retrain(RetrainStarted started, Instant startedAt, EvaluationRequested evaluation,
                          EvaluationDone done, EvaluationFailed failed, RetrainDecided decision, Instant decidedAt) {

        /** True once a worker answered the evaluation, with scores or a failure. */
        public boolean evaluated() {
            return done != null || failed != null;
        }
    }

    /** A retrain while folding; {@link #view()} is its snapshot. */
    private static final class Run {
        final RetrainStarted started;
        final Instant startedAt;
        EvaluationRequested evaluation;
        EvaluationDone done;
        EvaluationFailed failed;
        RetrainDecided decision;
        Instant decidedAt;

        Run(RetrainStarted started, Instant startedAt) {
            this.started = started;
            this.startedAt = startedAt;
        }

        Retrain view() {
            return new Retrain(started, startedAt, evaluation, done, failed, decision, decidedAt);
        }
    }

    /** A dataset's retraining as folded. */
    public record DatasetRetraining(String dataset, RetrainPolicySet policy, Instant policySetAt, long pendingImages,
                                    Instant lastArrivalAt, List<Retrain> retrains) {

        public Optional<Retrain> last() {
            return retrains.isEmpty() ? Optional.empty() : Optional.of(retrains.get(retrains.size() - 1));
        }

        /** The latest retrain the gate decided on. */
        public Optional<Retrain> lastDecided() {
            for (int i = retrains.size() - 1; i >= 0; i--) {
                if (retrains.get(i).decision() != null) {
                    return Optional.of(retrains.get(i));
                }
            }
            return Optional.empty();
        }
    }

    private static final class Entry {
        RetrainPolicySet policy;
        Instant policySetAt;
        long pending;
        Instant lastArrivalAt;
        final List<Run> retrains = new ArrayList<>();

        Run run(String retrainId) {
            for (Run r : retrains) {
                if (r.started.retrainId().equals(retrainId)) {
                    return r;
                }
            }
            return null;
        }
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
            e.retrains.add(new Run(s, at));
        } else if (m instanceof EvaluationRequested r) {
            Run run = run(r.dataset(), r.retrainId());
            if (run != null && run.evaluation == null) {
                run.evaluation = r;
            }
        } else if (m instanceof EvaluationDone d) {
            // a redelivered task scores again: the first answer to the evaluation asked for counts
            Run run = run(d.dataset(), d.retrainId());
            if (run != null && run.evaluation != null && run.evaluation.evaluationId().equals(d.evaluationId())
                    && !answered(run)) {
                run.done = d;
            }
        } else if (m instanceof EvaluationFailed f) {
            Run run = run(f.dataset(), f.retrainId());
            if (run != null && run.evaluation != null && run.evaluation.evaluationId().equals(f.evaluationId())
                    && !answered(run)) {
                run.failed = f;
            }
        } else if (m instanceof RetrainDecided d) {
            Run run = run(d.dataset(), d.retrainId());
            if (run != null && run.decision == null) {
                run.decision = d;
                run.decidedAt = at;
            }
        }
    }

    /** Events of one dataset share its key, so a retrain's later steps are read after its RetrainStarted. */
    private Run run(String dataset, String retrainId) {
        Entry e = datasets.get(dataset);
        return e == null ? null : e.run(retrainId);
    }

    private static boolean answered(Run run) {
        return run.done != null || run.failed != null;
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
                e.retrains.stream().map(Run::view).toList());
    }
}
