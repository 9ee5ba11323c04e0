package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.service.ModelService;
import com.cyclefleet.coordinator.state.FleetState;
import com.cyclefleet.coordinator.state.Views.JobView;
import com.cyclefleet.coordinator.state.Views.ModelVersionView;
import com.cyclefleet.protocol.DatasetRef;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.EvaluateTask;
import com.cyclefleet.protocol.EvaluatedModel;
import com.cyclefleet.protocol.EvaluationRequested;
import com.cyclefleet.protocol.HoldOut;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.RetrainDecided;
import com.cyclefleet.protocol.RetrainPolicySet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evaluation gate's coordinator side. Once a retrain's candidate version exists it asks a worker to score the
 * candidate and the version serving now ({@link EvaluationRequested} with its {@link EvaluateTask}, in one
 * transaction); once the worker answered it decides ({@link RetrainDecided}, with the candidate's
 * {@code ModelPromoted} of both directions in the same transaction when it wins). Every step is read from the
 * folded retraining state, so a restarted coordinator takes each step once: never a second request for an
 * evaluation asked for, never a second decision, and no step lost.
 */
@ApplicationScoped
public class EvaluationGate {

    private static final Logger LOG = Logger.getLogger(EvaluationGate.class);
    private static final String EVALUATION_ID_PREFIX = "eval-";

    @Inject
    Fleet fleet;

    /** Takes every step due; returns the transactions published. Called by one thread only (the retrain loop). */
    public List<List<Message>> check() {
        List<List<Message>> steps = due(fleet.state(), fleet.store().bucket());
        for (List<Message> step : steps) {
            fleet.publish(step);
            log(step.get(0));
        }
        return steps;
    }

    /**
     * The steps this state calls for, each a transaction: an evaluation request for a retrain whose candidate exists
     * and was not evaluated yet, a decision for a retrain whose evaluation was answered and not decided yet.
     *
     * @param bucket the bucket an evaluation prefix is in
     */
    public static List<List<Message>> due(FleetState state, String bucket) {
        List<List<Message>> steps = new ArrayList<>();
        for (RetrainState.DatasetRetraining d : state.retraining().withPolicy()) {
            for (RetrainState.Retrain r : d.retrains()) {
                if (r.decision() != null) {
                    continue;
                }
                if (r.evaluation() == null) {
                    request(state, d.policy(), r, bucket).ifPresent(steps::add);
                } else if (r.evaluated()) {
                    steps.add(decide(d.policy(), r));
                }
            }
        }
        return steps;
    }

    private static Optional<List<Message>> request(FleetState state, RetrainPolicySet policy, RetrainState.Retrain r,
                                                   String bucket) {
        String jobId = r.started().jobId();
        Optional<ModelVersionView> created = state.finalVersionOf(jobId);
        Optional<JobView> job = state.job(jobId);
        if (created.isEmpty() || job.isEmpty()) {
            return Optional.empty();
        }
        String dataset = r.started().dataset();
        String retrainId = r.started().retrainId();
        EvaluatedModel candidate = evaluated(created.get());
        EvaluatedModel baseline = state.defaultFor(dataset, Direction.A_TO_B)
                .flatMap(p -> state.modelVersion(p.modelId(), p.version())).map(EvaluationGate::evaluated)
                .filter(b -> !b.equals(candidate)).orElse(null);
        // the images the candidate's job kept out; an evaluation prefix when it kept none
        HoldOut holdOut = job.get().holdOut();
        DatasetRef images;
        if (holdOut != null) {
            images = job.get().datasetRef();
        } else if (policy.evalPrefix() != null) {
            images = new DatasetRef(bucket, policy.evalPrefix() + "A/", policy.evalPrefix() + "B/");
        } else {
            holdOut = new HoldOut(policy.evalFraction());
            images = job.get().datasetRef();
        }
        String evaluationId = EVALUATION_ID_PREFIX + dataset + "-" + retrainId;
        return Optional.of(List.of(
                new EvaluationRequested(dataset, retrainId, evaluationId, candidate, baseline),
                new EvaluateTask(evaluationId, dataset, retrainId, images, holdOut, policy.metric(), candidate,
                        baseline)));
    }

    private static List<Message> decide(RetrainPolicySet policy, RetrainState.Retrain r) {
        RetrainDecided decided = r.done() != null
                ? RetrainDecision.of(r.evaluation(), r.done(), policy.metric(), policy.margin())
                : RetrainDecision.of(r.evaluation(), r.failed(), policy.metric(), policy.margin());
        List<Message> step = new ArrayList<>(List.of(decided));
        if (decided.promoted()) {
            step.addAll(ModelService.promotions(decided.modelId(), decided.candidateVersion(), decided.dataset(),
                    List.of()));
        }
        return step;
    }

    private static EvaluatedModel evaluated(ModelVersionView v) {
        return new EvaluatedModel(v.modelId(), v.version(), v.key());
    }

    private static void log(Message first) {
        if (first instanceof EvaluationRequested e) {
            LOG.infof("retrain %s of dataset %s: evaluation %s requested, candidate %s v%d, baseline %s", e.retrainId(),
                    e.dataset(), e.evaluationId(), e.candidate().modelId(), e.candidate().version(),
                    e.baseline() == null ? "none" : e.baseline().modelId() + " v" + e.baseline().version());
        } else if (first instanceof RetrainDecided d) {
            LOG.infof("retrain %s of dataset %s: %s v%d %s: %s", d.retrainId(), d.dataset(), d.modelId(),
                    d.candidateVersion(), d.promoted() ? "promoted" : "rejected", d.reason());
        }
    }
}
