package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.protocol.Message;
import com.cyclefleet.protocol.ModelPromoted;
import com.cyclefleet.protocol.ServingProbationEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges each newly promoted version once its first {@code cyclefleet.retrain.rollback.first-requests} translations
 * are counted (by the fold, so a restart loses no count): above the failure rate, the previous default is promoted
 * again in the verdict's transaction. The verdict is folded and closes the probation, so it is given once.
 */
@ApplicationScoped
public class AutoRollback {

    private static final Logger LOG = Logger.getLogger(AutoRollback.class);

    @Inject
    Fleet fleet;

    @Inject
    RetrainConfig config;

    /** Judges every probation that has its requests; returns the verdicts published. */
    public List<ServingProbationEnded> check() {
        RetrainConfig.Rollback r = config.rollback();
        List<ServingProbationEnded> verdicts = new ArrayList<>();
        for (RetrainState.Probation p : fleet.state().retraining().probations()) {
            if (p.requests() < r.firstRequests()) {
                continue;
            }
            double rate = (double) p.failures() / p.requests();
            boolean back = rate > r.maxFailureRate();
            String reason = String.format(Locale.ROOT, "%d of the first %d translations failed (rate %.2f %s %.2f)",
                    p.failures(), p.requests(), rate, back ? ">" : "<=", r.maxFailureRate());
            ServingProbationEnded verdict = new ServingProbationEnded(p.dataset(), p.direction(),
                    p.serving().modelId(), p.serving().version(), p.requests(), p.failures(),
                    back ? p.previous().version() : 0, back ? p.previous().modelId() : null, reason);
            List<Message> messages = new ArrayList<>(List.of(verdict));
            if (back) {
                messages.add(new ModelPromoted(p.previous().modelId(), p.previous().version(), p.dataset(),
                        p.direction()));
            }
            fleet.publish(messages);
            LOG.infof("probation of %s v%d for dataset %s %s: %s; %s", p.serving().modelId(), p.serving().version(),
                    p.dataset(), p.direction().wireName(), reason, back ? "rolled back to " + p.previous().modelId()
                            + " v" + p.previous().version() : "keeps serving");
            verdicts.add(verdict);
        }
        return verdicts;
    }
}
