package com.cyclefleet.deploy;

import com.cyclefleet.protocol.scaling.ScalingPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.cyclefleet.deploy.Repo.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The KEDA ScaledObjects declare the autoscaling policy that {@code cyclefleet up --autoscale} applies
 * ({@link ScalingPolicy}): a threshold, interval, cooldown or bound that differs fails here.
 */
class ScalingPolicyChecksTest {

    @Test
    void scaledObjectsMatchTheAutoscalerPolicy() {
        List<String> problems = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            List<Map<String, Object>> rs = render(K8S.resolve("overlays").resolve(overlay));
            for (ScalingPolicy policy : ScalingPolicy.defaults()) {
                problems.addAll(differences(overlay, scaledObjectFor(rs, policy), policy));
            }
        }
        // the base declares the policy's bounds; overlays may only lower the maximum (a small cluster)
        List<Map<String, Object>> base = render(K8S.resolve("base"));
        for (ScalingPolicy policy : ScalingPolicy.defaults()) {
            Map<String, Object> so = scaledObjectFor(base, policy);
            check(problems, "base " + name(so) + " minReplicaCount", (long) policy.minWorkers(),
                    number(so, "spec", "minReplicaCount"));
            check(problems, "base " + name(so) + " maxReplicaCount", (long) policy.maxWorkers(),
                    number(so, "spec", "maxReplicaCount"));
        }
        assertTrue(problems.isEmpty(), "k8s/ and ScalingPolicy differ:\n  " + String.join("\n  ", problems));
    }

    @Test
    void aDifferentThresholdIsCaught() {
        List<Map<String, Object>> rs = render(K8S.resolve("base"));
        ScalingPolicy p = ScalingPolicy.TRANSLATE;
        ScalingPolicy changed = new ScalingPolicy(p.pool(), p.role(), p.topic(), p.group(), p.minWorkers(),
                p.maxWorkers(), p.lagThreshold() + 1, p.pollingInterval(), p.cooldown(), p.limitToPartitionsWithLag());
        List<String> problems = differences("base", scaledObjectFor(rs, changed), changed);
        assertEquals(1, problems.size(), "one difference expected: " + problems);
        assertTrue(problems.get(0).contains("lagThreshold"), problems.get(0));
    }

    static List<String> differences(String where, Map<String, Object> so, ScalingPolicy policy) {
        List<String> problems = new ArrayList<>();
        String at = where + " " + name(so);
        Map<String, Object> trig = map(list(so, "spec", "triggers").get(0));
        check(problems, at + " lagThreshold", policy.lagThreshold(),
                Long.parseLong(str(trig, "metadata", "lagThreshold")));
        check(problems, at + " consumerGroup", policy.group(), str(trig, "metadata", "consumerGroup"));
        check(problems, at + " pollingInterval", policy.pollingInterval().toSeconds(),
                number(so, "spec", "pollingInterval"));
        check(problems, at + " cooldownPeriod", policy.cooldown().toSeconds(), number(so, "spec", "cooldownPeriod"));
        check(problems, at + " scaleDown stabilizationWindowSeconds", policy.cooldown().toSeconds(),
                number(so, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown",
                        "stabilizationWindowSeconds"));
        check(problems, at + " limitToPartitionsWithLag", Boolean.toString(policy.limitToPartitionsWithLag()),
                String.valueOf(str(trig, "metadata", "limitToPartitionsWithLag") == null ? "false"
                        : str(trig, "metadata", "limitToPartitionsWithLag")));
        check(problems, at + " minReplicaCount", (long) policy.minWorkers(), number(so, "spec", "minReplicaCount"));
        long max = number(so, "spec", "maxReplicaCount");
        if (max < Math.max(1, policy.minWorkers()) || max > policy.maxWorkers()) {
            problems.add(at + " maxReplicaCount " + max + " outside " + Math.max(1, policy.minWorkers()) + ".."
                    + policy.maxWorkers());
        }
        return problems;
    }

    private static Map<String, Object> scaledObjectFor(List<Map<String, Object>> rs, ScalingPolicy policy) {
        for (Map<String, Object> so : ofKind(rs, "ScaledObject")) {
            if (policy.topic().equals(str(list(so, "spec", "triggers").get(0), "metadata", "topic"))) {
                return so;
            }
        }
        return fail("no ScaledObject on " + policy.topic());
    }

    private static void check(List<String> problems, String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            problems.add(what + " is " + actual + ", the autoscaler's policy says " + expected);
        }
    }

    private static long number(Object o, String... path) {
        Object v = get(o, path);
        return v == null ? -1 : ((Number) v).longValue();
    }

    private static String name(Map<String, Object> r) {
        return str(r, "metadata", "name");
    }
}
