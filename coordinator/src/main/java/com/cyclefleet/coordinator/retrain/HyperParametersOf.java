package com.cyclefleet.coordinator.retrain;

import com.cyclefleet.coordinator.service.Enums;
import com.cyclefleet.coordinator.service.JobRequest;
import com.cyclefleet.protocol.TrainingSpec;

/**
 * The hyper-parameters of the job that trained the serving version, as a job request states them: a retrain keeps
 * the architecture and losses of what it replaces and changes only the schedule the policy sets.
 */
final class HyperParametersOf {

    private HyperParametersOf() {
    }

    static JobRequest.HyperParameters spec(TrainingSpec s) {
        return new JobRequest.HyperParameters(Enums.wireName(s.netG()), s.ngf(), s.ndf(), Enums.wireName(s.ganMode()),
                s.lambdaCycle(), s.lambdaIdentity(), s.poolSize(), s.loadSize(), s.cropSize(), s.epochs(),
                s.epochsDecay(), s.batchSize(), s.seed(), s.lr(), s.beta1(), s.nearestResizeA(), s.nearestResizeB(),
                s.sampleEvery());
    }
}
