package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.service.JobRequest;
import com.cyclefleet.coordinator.service.JobService;
import com.cyclefleet.coordinator.state.FleetState;
import com.cyclefleet.coordinator.state.JobState;
import com.cyclefleet.coordinator.state.Views.JobView;
import com.cyclefleet.coordinator.state.Views.PromotionView;
import com.cyclefleet.coordinator.state.Views.ModelVersionView;
import com.cyclefleet.protocol.Direction;
import com.cyclefleet.protocol.FineTuneStart;
import com.cyclefleet.protocol.HoldOut;
import com.cyclefleet.protocol.ModelVersionKind;
import com.cyclefleet.protocol.RetrainPolicySet;
import com.cyclefleet.protocol.RetrainStarted;
import com.cyclefleet.protocol.TrainingSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts a retrain for each dataset whose enabled policy is due: enough new images, the minimum interval passed,
 * and no retrain of it still training. Decides from the folded state only and records the decision in the job's
 * own transaction, so a restarted coordinator neither repeats nor forgets it; images arriving while a retrain runs
 * stay pending and lead to one follow-up, however many triggers they would have made.
 */
@ApplicationScoped
public class RetrainTrigger {

    private static final Logger LOG = Logger.getLogger(RetrainTrigger.class);
    private static final Set<JobState.Status> IN_FLIGHT =
            EnumSet.of(JobState.Status.QUEUED, JobState.Status.RUNNING, JobState.Status.STALLED);
    private static final String RETRAIN_ID_PREFIX = "retrain-";

    @Inject
    Fleet fleet;

    @Inject
    JobService jobs;

    private final Clock clock = Clock.systemUTC();
    /** Last refusal per dataset, so a retrain that cannot start is logged when the reason changes, not every tick. */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    /** Checks every policy once; returns the retrains started. Called by one thread only (the retrain loop). */
    public List<RetrainStarted> check() {
        FleetState state = fleet.state();
        return state.retraining().withPolicy().stream().filter(this::due).map(this::start).flatMap(Optional::stream)
                .toList();
    }

    private boolean due(RetrainState.DatasetRetraining d) {
        return isDue(fleet.state(), d, clock.instant());
    }

    /**
     * Whether a retrain of the dataset is due in this state: its policy is enabled, enough images are pending, its
     * last retrain's job is no longer training and the policy's interval has passed since that one started.
     */
    public static boolean isDue(FleetState state, RetrainState.DatasetRetraining d, Instant now) {
        RetrainPolicySet p = d.policy();
        if (p == null || !p.enabled() || d.pendingImages() < p.minNewImages()) {
            return false;
        }
        Optional<RetrainState.Retrain> last = d.last();
        if (last.isEmpty()) {
            return true;
        }
        Optional<JobView> job = state.job(last.get().started().jobId());
        if (job.isPresent() && IN_FLIGHT.contains(job.get().status())) {
            return false;
        }
        return !now.isBefore(last.get().startedAt().plus(Duration.ofMinutes(p.minIntervalMinutes())));
    }

    private Optional<RetrainStarted> start(RetrainState.DatasetRetraining d) {
        RetrainPolicySet p = d.policy();
        FleetState state = fleet.state();
        int fromVersion = state.defaultFor(d.dataset(), Direction.A_TO_B).filter(v -> v.modelId().equals(p.modelId()))
                .map(PromotionView::version).orElse(0);
        Optional<ModelVersionView> serving = state.modelVersion(p.modelId(), fromVersion);
        Optional<TrainingSpec> base = serving.flatMap(v -> state.job(v.source())).map(JobView::spec);
        // nothing promoted: an ordinary training from scratch
        FineTuneStart fineTune = serving.map(v -> new FineTuneStart(v.modelId(), v.version(), weightsOf(state, v)))
                .orElse(null);
        // an evaluation prefix is outside the dataset, so nothing of the dataset needs keeping out
        HoldOut holdOut = p.evalPrefix() == null ? new HoldOut(p.evalFraction()) : null;
        JobRequest request = new JobRequest(d.dataset(), p.modelId(), p.iterations(), p.chunkIterations(), null,
                base.map(HyperParametersOf::spec).orElse(null));
        String retrainId = RETRAIN_ID_PREFIX + (d.retrains().size() + 1);
        long newImages = d.pendingImages();
        try {
            JobView job = jobs.create(request, fineTune, holdOut, jobId -> List.of(
                    new RetrainStarted(d.dataset(), retrainId, jobId, p.modelId(), fromVersion, newImages)));
            refusals.remove(d.dataset());
            LOG.infof("retrain %s of dataset %s started as job %s: %d new images, from %s v%d (%s), %d iterations",
                    retrainId, d.dataset(), job.jobId(), newImages, p.modelId(), fromVersion,
                    fineTune == null ? "fresh weights" : fineTune.weightsKey(), p.iterations());
            return state.retraining().dataset(d.dataset()).flatMap(RetrainState.DatasetRetraining::last)
                    .map(RetrainState.Retrain::started);
        } catch (RuntimeException e) {
            String reason = String.valueOf(e.getMessage());
            if (!reason.equals(refusals.put(d.dataset(), reason))) {
                LOG.warnf("retrain of dataset %s not started: %s", d.dataset(), reason);
            }
            return Optional.empty();
        }
    }

    /**
     * The weights a fine-tune of the version starts from. A version a job finished is a copy of its serving bundle
     * (generators only); the job's final checkpoint holds all four networks, so it is the start while it is still in
     * the bucket. A checkpoint version is already a checkpoint; an import has only what was imported.
     */
    private String weightsOf(FleetState state, ModelVersionView v) {
        if (v.kind() == ModelVersionKind.FINAL) {
            Optional<String> checkpoint = state.job(v.source()).map(JobView::finalCheckpointKey);
            if (checkpoint.isPresent() && fleet.store().exists(checkpoint.get())) {
                return checkpoint.get();
            }
        }
        return v.key();
    }

    /** The last reason a due retrain of the dataset could not start, if it has not started since. */
    public Optional<String> refusal(String dataset) {
        return Optional.ofNullable(refusals.get(dataset));
    }
}
