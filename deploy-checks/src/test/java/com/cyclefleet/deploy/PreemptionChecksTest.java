package com.cyclefleet.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.cyclefleet.deploy.Repo.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workers survive a scale-down or a reclaimed spot node: the pod's termination grace period covers the train
 * worker's stop grace (checkpoint at the next iteration) plus leaving the group, and the GPU workers tolerate the
 * spot / preemptible taints of the providers.
 */
class PreemptionChecksTest {

    static final String STOP_GRACE_ENV = "CYCLEFLEET_WORKER_STOP_GRACE_S";
    /** After the stop grace a worker still commits its offsets and leaves the group. */
    static final long LEAVE_GROUP_SECONDS = 30;
    /** Kubernetes' default when a pod spec does not set terminationGracePeriodSeconds. */
    static final long KUBERNETES_DEFAULT_GRACE = 30;
    /** Taints GKE and AKS put on spot / preemptible nodes (EKS and Karpenter label spot nodes without a taint). */
    static final List<String> SPOT_TAINTS = List.of("cloud.google.com/gke-spot", "cloud.google.com/gke-preemptible",
            "kubernetes.azure.com/scalesetpriority");
    private static final Pattern DEFAULT_STOP_GRACE = Pattern.compile("DEFAULT_STOP_GRACE_S\\s*=\\s*(\\d+)\\s*;");

    @Test
    void terminationGraceCoversTheTrainWorkersStopGrace() {
        long workerDefault = workerDefaultStopGraceSeconds();
        List<String> problems = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            List<Map<String, Object>> rs = render(K8S.resolve("overlays").resolve(overlay));
            for (Map<String, Object> d : ofKind(rs, "Deployment")) {
                if (!"worker".equals(str(d, "spec", "template", "metadata", "labels", "app.kubernetes.io/name"))) {
                    continue;
                }
                Map<String, String> workerEnv = k8sEnv(rs, containers(d).get(0));
                // the stop grace is a train chunk's: a translate-only worker drains one batch, well within the rest
                String roles = workerEnv.getOrDefault(DeployChecksTest.WORKER_ROLES, "train,translate");
                if (!List.of(roles.split(",")).contains("train")) {
                    continue;
                }
                String env = workerEnv.get(STOP_GRACE_ENV);
                long stopGrace = env == null ? workerDefault : Long.parseLong(env);
                Object period = get(podSpec(d), "terminationGracePeriodSeconds");
                long grace = period == null ? KUBERNETES_DEFAULT_GRACE : ((Number) period).longValue();
                if (grace < stopGrace + LEAVE_GROUP_SECONDS) {
                    problems.add(overlay + " " + str(d, "metadata", "name") + ": terminationGracePeriodSeconds " + grace + " < "
                            + STOP_GRACE_ENV + " " + stopGrace + " + " + LEAVE_GROUP_SECONDS + " s");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void composeStopGraceCoversTheTrainWorkersStopGrace() {
        long workerDefault = workerDefaultStopGraceSeconds();
        List<String> problems = new ArrayList<>();
        composeServices().forEach((name, service) -> {
            Map<String, String> env = composeEnv(service);
            String roles = env.get(DeployChecksTest.WORKER_ROLES);
            if (roles == null || !List.of(roles.split(",")).contains("train")) {
                return;
            }
            long stopGrace = env.containsKey(STOP_GRACE_ENV) ? Long.parseLong(env.get(STOP_GRACE_ENV)) : workerDefault;
            String period = str(service, "stop_grace_period");
            Matcher m = Pattern.compile("(\\d+)s").matcher(period == null ? "10s" : period);
            long grace = m.matches() ? Long.parseLong(m.group(1)) : -1;
            if (grace < stopGrace + LEAVE_GROUP_SECONDS) {
                problems.add("compose " + name + ": stop_grace_period " + period + " < " + STOP_GRACE_ENV + " "
                        + stopGrace + " + " + LEAVE_GROUP_SECONDS + " s (compose's default is 10 s; write it in s)");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void gpuWorkersTolerateSpotNodes() {
        List<Map<String, Object>> rs = render(K8S.resolve("overlays/prod"));
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> d : ofKind(rs, "Deployment")) {
            if (!"worker".equals(str(d, "spec", "template", "metadata", "labels", "app.kubernetes.io/name"))) {
                continue;
            }
            List<String> keys = list(podSpec(d), "tolerations").stream().map(t -> str(t, "key")).toList();
            for (String taint : SPOT_TAINTS) {
                if (!keys.contains(taint)) {
                    problems.add("prod " + str(d, "metadata", "name") + " does not tolerate " + taint);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static long workerDefaultStopGraceSeconds() {
        String source = read(ROOT.resolve("worker/src/main/java/com/cyclefleet/worker/WorkerConfig.java"));
        Matcher m = DEFAULT_STOP_GRACE.matcher(source);
        assertTrue(m.find(), "WorkerConfig.DEFAULT_STOP_GRACE_S not found");
        return Long.parseLong(m.group(1));
    }

}
