package com.cyclefleet.engine.train;

import com.cyclefleet.formats.training.TrainingParameters;

import com.cyclefleet.engine.nn.GanLoss;
import com.cyclefleet.engine.nn.L1Loss;
import com.cyclefleet.engine.nn.Loss;
import com.cyclefleet.engine.nn.Step;
import com.cyclefleet.engine.net.Network;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One reference optimize_parameters(): forward both cycles, the generator step with discriminators frozen, then the
 * discriminator step on pooled fakes made before the generator update. Gradients are routed by hand: each network
 * application's backward receives the sum of every loss's gradient with respect to its output.
 */
public final class CycleGanUpdate {
    private static final double HALF = 0.5;

    private final CycleGanModel model;
    private final AdamOptimizer optG;
    private final AdamOptimizer optD;
    private final ImagePool poolFakeA;
    private final ImagePool poolFakeB;
    private final GanLoss gan;
    private final double lambdaA;
    private final double lambdaB;
    private final double lambdaIdt;

    public CycleGanUpdate(CycleGanModel model, AdamOptimizer optG, AdamOptimizer optD, ImagePool poolFakeA,
                          ImagePool poolFakeB, TrainingParameters c) {
        this.model = model;
        this.optG = optG;
        this.optD = optD;
        this.poolFakeA = poolFakeA;
        this.poolFakeB = poolFakeB;
        this.gan = new GanLoss(c.ganMode());
        this.lambdaA = c.lambdaA();
        this.lambdaB = c.lambdaB();
        this.lambdaIdt = c.lambdaIdentity();
    }

    /** Losses of the generator step and the discriminator step, in reference order. */
    public record Result(double gA, double gB, double cycleA, double cycleB, double idtA, double idtB, double dA,
                         double dB) {
    }

    public Result apply(INDArray realA, INDArray realB) {
        Step fakeB = model.gA().forward(realA);
        Step recA = model.gB().forward(fakeB.output());
        Step fakeA = model.gB().forward(realB);
        Step recB = model.gA().forward(fakeA.output());

        // generator step: discriminators pass gradients through but keep none
        model.dA().setRequiresGrad(false);
        model.dB().setRequiresGrad(false);
        optG.zeroGrad();
        double idtA = 0;
        double idtB = 0;
        if (lambdaIdt > 0) {
            Step idtAStep = model.gA().forward(realB);
            Loss lIdtA = L1Loss.of(idtAStep.output(), realB).scaled(lambdaB * lambdaIdt);
            idtAStep.backward().apply(lIdtA.grad());
            Step idtBStep = model.gB().forward(realA);
            Loss lIdtB = L1Loss.of(idtBStep.output(), realA).scaled(lambdaA * lambdaIdt);
            idtBStep.backward().apply(lIdtB.grad());
            idtA = lIdtA.value();
            idtB = lIdtB.value();
        }
        Adversarial ganA = fool(model.dA(), fakeB.output());
        Adversarial ganB = fool(model.dB(), fakeA.output());
        INDArray dFakeB = ganA.gradFake();
        INDArray dFakeA = ganB.gradFake();
        Loss cycA = L1Loss.of(recA.output(), realA).scaled(lambdaA);
        Loss cycB = L1Loss.of(recB.output(), realB).scaled(lambdaB);
        dFakeB.addi(recA.backward().apply(cycA.grad()));
        dFakeA.addi(recB.backward().apply(cycB.grad()));
        fakeB.backward().apply(dFakeB);
        fakeA.backward().apply(dFakeA);
        optG.step();

        model.dA().setRequiresGrad(true);
        model.dB().setRequiresGrad(true);
        optD.zeroGrad();
        double lossDA = discriminatorStep(model.dA(), realB, poolFakeB.query(fakeB.output()));
        double lossDB = discriminatorStep(model.dB(), realA, poolFakeA.query(fakeA.output()));
        optD.step();
        return new Result(ganA.value(), ganB.value(), cycA.value(), cycB.value(), idtA, idtB, lossDA, lossDB);
    }

    private record Adversarial(double value, INDArray gradFake) {
    }

    /** GAN(D(fake), true) and its gradient with respect to the fake. */
    private Adversarial fool(Network d, INDArray fake) {
        Step s = d.forward(fake);
        Loss l = gan.of(s.output(), true);
        return new Adversarial(l.value(), s.backward().apply(l.grad()));
    }

    /** 0.5 * (GAN(D(real), true) + GAN(D(fake), false)), accumulating D's gradients. */
    private double discriminatorStep(Network d, INDArray real, INDArray fake) {
        Step onReal = d.forward(real);
        Loss lReal = gan.of(onReal.output(), true).scaled(HALF);
        onReal.backward().apply(lReal.grad());
        Step onFake = d.forward(fake);
        Loss lFake = gan.of(onFake.output(), false).scaled(HALF);
        onFake.backward().apply(lFake.grad());
        return lReal.value() + lFake.value();
    }
}
