package com.cyclefleet.deploy;

import com.cyclefleet.protocol.topic.TopicSpec;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.StorageConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.cyclefleet.deploy.Repo.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Static checks of docker-compose.yml, docker/*.Dockerfile and k8s/ against the fleet's sources of truth. Nothing
 * here starts a container or talks to a cluster.
 */
class DeployChecksTest {

    static final String KAFKA_BOOTSTRAP = "CYCLEFLEET_KAFKA_BOOTSTRAP";
    static final String WORKER_ROLES = "CYCLEFLEET_WORKER_ROLES";
    static final String WORKER_HTTP_PORT = "CYCLEFLEET_WORKER_HTTP_PORT";
    static final String NOTIFY_TOPIC_PREFIX = "MINIO_NOTIFY_KAFKA_TOPIC_";
    static final String COORDINATOR_IMAGE = "cyclefleet/coordinator";
    static final String WORKER_IMAGE = "cyclefleet/worker";
    static final String CUDA_WORKER_IMAGE = "cyclefleet/worker-cuda";

    /** Image repository of a fleet component -> the modules whose sources read its environment. */
    static final Map<String, List<String>> READERS = Map.of(
            COORDINATOR_IMAGE, List.of("coordinator", "storage"),
            WORKER_IMAGE, List.of("worker", "storage"),
            CUDA_WORKER_IMAGE, List.of("worker", "storage"));

    /** Names that must be set (S3 names are checked by building a StorageConfig from the environment). */
    static final Map<String, List<String>> REQUIRED = Map.of(
            COORDINATOR_IMAGE, List.of(KAFKA_BOOTSTRAP),
            WORKER_IMAGE, List.of(KAFKA_BOOTSTRAP, WORKER_ROLES),
            CUDA_WORKER_IMAGE, List.of(KAFKA_BOOTSTRAP, WORKER_ROLES));

    /** GPUs the nd4j-cuda-11.6 build cannot drive (compute capability >= 9.0). */
    static final List<String> UNSUPPORTED_GPU_MARKERS = List.of("H100", "H200", "H800", "GH200", "B100", "B200",
            "GB200", "RTX-PRO-6000", "RTX-50");

    // ---- 1. everything parses ---------------------------------------------------------------------------------

    @Test
    void everyComposeFileAndManifestParses() {
        List<Path> yamls = new ArrayList<>(files(K8S, ".yaml", ".yml"));
        try (var s = Files.list(ROOT)) {
            s.filter(p -> p.getFileName().toString().matches("(docker-)?compose.*\\.ya?ml")).forEach(yamls::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(yamls.contains(COMPOSE), "docker-compose.yml is missing");
        assertTrue(yamls.size() > 10, "expected the k8s manifests, found " + yamls);
        for (Path p : yamls) {
            List<Map<String, Object>> docs = loadAll(p);
            assertFalse(docs.isEmpty(), p + " has no YAML document");
            if (p.startsWith(K8S) && !p.getFileName().toString().equals("kustomization.yaml")) {
                for (Map<String, Object> d : docs) {
                    assertTrue(d.get("apiVersion") != null && d.get("kind") != null && str(d, "metadata", "name") != null,
                            p + ": every manifest needs apiVersion, kind and metadata.name: " + d.keySet());
                }
            }
        }
        for (String svc : composeServices().keySet()) {
            assertTrue(str(composeServices().get(svc), "image") != null, "compose service " + svc + " needs an image");
        }
    }

    // ---- 2. kustomizations are complete -----------------------------------------------------------------------

    @Test
    void kustomizationResourcesExistAndRender() {
        List<Path> kustomizations = files(K8S, "kustomization.yaml");
        assertTrue(kustomizations.size() >= 3, "expected base, dev and prod kustomizations: " + kustomizations);
        for (Path kf : kustomizations) {
            List<Map<String, Object>> rendered = render(kf.getParent());
            Set<String> seen = new TreeSet<>();
            for (Map<String, Object> r : rendered) {
                assertTrue(seen.add(kindName(r)), kf + " renders " + kindName(r) + " twice");
            }
        }
        // every manifest file under base/ is listed, so nothing is silently left out
        Set<String> listed = new TreeSet<>();
        list(loadOne(K8S.resolve("base/kustomization.yaml")), "resources").forEach(r -> listed.add(String.valueOf(r)));
        for (Path f : files(K8S.resolve("base"), ".yaml")) {
            String name = f.getFileName().toString();
            if (!name.equals("kustomization.yaml")) {
                assertTrue(listed.contains(name), "k8s/base/" + name + " is not in the base kustomization");
            }
        }
    }

    // ---- 3. topics --------------------------------------------------------------------------------------------

    @Test
    void topicInitMatchesTopicsAll() {
        String composeNotify = notifyTopic(composeEnv(composeServices().get("minio")));
        checkTopicList("docker-compose.yml service topic-init",
                composeEnv(composeServices().get("topic-init")).get("TOPICS"), composeNotify);
        for (String overlay : OVERLAYS) {
            List<Map<String, Object>> rs = render(K8S.resolve("overlays").resolve(overlay));
            Map<String, Object> job = find(rs, "Job", "cyclefleet-topic-init");
            Map<String, String> env = k8sEnv(rs, containers(job).get(0));
            String notify = notifyTopic(k8sEnv(rs, containers(find(rs, "StatefulSet", "cyclefleet-minio")).get(0)));
            assertEquals(composeNotify, notify, overlay + ": MinIO notification topic differs from compose");
            checkTopicList("k8s overlay " + overlay + " Job cyclefleet-topic-init", env.get("TOPICS"), notify);
            int rf = Integer.parseInt(env.get("REPLICATION_FACTOR"));
            Object replicas = get(find(rs, "StatefulSet", "cyclefleet-kafka"), "spec", "replicas");
            assertTrue(rf >= 1 && rf <= ((Number) replicas).intValue(),
                    overlay + ": topic replication factor " + rf + " exceeds the " + replicas + " Kafka nodes");
            assertEquals(env.get("BOOTSTRAP"), configValue(rs, KAFKA_BOOTSTRAP), overlay + ": topic-init bootstrap");
        }
    }

    private static String notifyTopic(Map<String, String> minioEnv) {
        List<String> topics = minioEnv.entrySet().stream().filter(e -> e.getKey().startsWith(NOTIFY_TOPIC_PREFIX))
                .map(Map.Entry::getValue).toList();
        assertEquals(1, topics.size(), "MinIO needs exactly one Kafka notification topic: " + topics);
        assertFalse(Topics.all().stream().anyMatch(t -> t.name().equals(topics.get(0))),
                "MinIO must not publish raw S3 events into a fleet topic");
        return topics.get(0);
    }

    /** TOPICS is "name:partitions[:k=v,k=v]" separated by whitespace. */
    private static void checkTopicList(String where, String spec, String notifyTopic) {
        assertTrue(spec != null && !spec.isBlank(), where + ": no TOPICS");
        Map<String, String[]> declared = new LinkedHashMap<>();
        for (String item : spec.trim().split("\\s+")) {
            String[] parts = item.split(":", 3);
            assertTrue(parts.length >= 2, where + ": bad topic spec " + item);
            assertTrue(declared.put(parts[0], parts) == null, where + ": topic " + parts[0] + " twice");
        }
        for (TopicSpec t : Topics.all()) {
            String[] parts = declared.remove(t.name());
            assertTrue(parts != null, where + " does not create topic " + t.name());
            assertEquals(t.partitions(), Integer.parseInt(parts[1]), where + ": partitions of " + t.name());
            Map<String, String> configs = new TreeMap<>();
            if (parts.length == 3 && !parts[2].isEmpty()) {
                for (String kv : parts[2].split(",")) {
                    String[] p = kv.split("=", 2);
                    configs.put(p[0], p[1]);
                }
            }
            assertEquals(new TreeMap<>(t.configs()), configs, where + ": configs of " + t.name());
        }
        assertTrue(declared.remove(notifyTopic) != null, where + " does not create the MinIO topic " + notifyTopic);
        assertTrue(declared.isEmpty(), where + " creates topics the fleet does not know: " + declared.keySet());
    }

    // ---- 4. KEDA ----------------------------------------------------------------------------------------------

    @Test
    void kedaTriggersMatchTopicsAndGroups() {
        for (String overlay : OVERLAYS) {
            List<Map<String, Object>> rs = render(K8S.resolve("overlays").resolve(overlay));
            List<Map<String, Object>> scaled = ofKind(rs, "ScaledObject");
            assertEquals(2, scaled.size(), overlay + ": expected the translate and train ScaledObjects");
            Set<String> topicsSeen = new TreeSet<>();
            for (Map<String, Object> so : scaled) {
                String where = overlay + " ScaledObject " + str(so, "metadata", "name");
                Map<String, Object> target = find(rs, "Deployment", str(so, "spec", "scaleTargetRef", "name"));
                int max = ((Number) get(so, "spec", "maxReplicaCount")).intValue();
                int min = ((Number) get(so, "spec", "minReplicaCount")).intValue();
                assertFalse(list(so, "spec", "triggers").isEmpty(), where + " has no trigger");
                for (Object trig : list(so, "spec", "triggers")) {
                    assertEquals("kafka", str(trig, "type"), where);
                    String group = str(trig, "metadata", "consumerGroup");
                    String topic = str(trig, "metadata", "topic");
                    assertTrue(Topics.consumerGroups().contains(group),
                            where + ": consumer group " + group + " is not in Topics.consumerGroups()");
                    TopicSpec spec = Topics.all().stream().filter(t -> t.name().equals(topic)).findFirst()
                            .orElseThrow(() -> new AssertionError(where + ": topic " + topic + " not in Topics.all()"));
                    assertEquals(configValue(rs, KAFKA_BOOTSTRAP), str(trig, "metadata", "bootstrapServers"),
                            where + ": bootstrapServers differs from the fleet's " + KAFKA_BOOTSTRAP);
                    assertTrue(max <= spec.partitions(), where + ": maxReplicaCount " + max + " > " + spec.partitions()
                            + " partitions of " + topic + " (extra replicas would sit idle)");
                    String roles = k8sEnv(rs, containers(target).get(0)).get(WORKER_ROLES);
                    if (topic.equals(Topics.TRANSLATE_TASKS)) {
                        assertEquals(Topics.TRANSLATE_WORKERS_GROUP, group, where);
                        assertEquals("translate", roles, where + ": the scaled Deployment must only translate");
                        assertTrue(min >= 1, where + ": keep one warm translation worker");
                    } else if (topic.equals(Topics.TRAIN_TASKS)) {
                        assertEquals(Topics.TRAIN_WORKERS_GROUP, group, where);
                        assertEquals("train", roles, where + ": the scaled Deployment must only train");
                        assertEquals(0, min, where + ": training workers scale to zero");
                        assertEquals("1", str(trig, "metadata", "lagThreshold"),
                                where + ": one pending chunk must wake a training worker");
                    } else {
                        fail(where + ": unexpected topic " + topic);
                    }
                    assertEquals("false", str(trig, "metadata", "allowIdleConsumers"), where);
                    topicsSeen.add(topic);
                }
            }
            assertEquals(Set.of(Topics.TRAIN_TASKS, Topics.TRANSLATE_TASKS), topicsSeen, overlay);
        }
    }

    // ---- 5. environment names ---------------------------------------------------------------------------------

    @Test
    void envNamesAreReadByTheCodeAndRequiredOnesAreSet() {
        List<String> problems = new ArrayList<>();
        Set<String> unverified = new TreeSet<>();
        Map<String, Path> dockerfiles = composeDockerfiles();
        // compose services
        for (Map.Entry<String, Object> e : composeServices().entrySet()) {
            String image = str(e.getValue(), "image");
            Map<String, String> env = new LinkedHashMap<>();
            Path df = dockerfiles.get(repository(image));
            if (df != null) {
                env.putAll(dockerfileEnv(df));
            }
            env.putAll(composeEnv(e.getValue()));
            checkEnv("compose " + e.getKey(), repository(image), env, problems, unverified);
            if (READERS.containsKey(repository(image))) {
                int port = httpPort(repository(image), env);
                String test = String.join(" ", list(e.getValue(), "healthcheck", "test").stream().map(String::valueOf).toList());
                if (!test.contains("localhost:" + port + "/")) {
                    problems.add("compose " + e.getKey() + ": health check " + test + " does not use port " + port);
                }
            }
        }
        // Dockerfiles on their own (docker run without compose)
        for (Map.Entry<String, Path> d : dockerfiles.entrySet()) {
            checkEnvNames("Dockerfile " + d.getValue().getFileName(), d.getKey(), dockerfileEnv(d.getValue()).keySet(),
                    problems, unverified);
        }
        // Kubernetes
        for (String overlay : OVERLAYS) {
            List<Map<String, Object>> rs = render(K8S.resolve("overlays").resolve(overlay));
            for (String kind : List.of("Deployment", "StatefulSet", "Job")) {
                for (Map<String, Object> r : ofKind(rs, kind)) {
                    for (Map<String, Object> c : containers(r)) {
                        String image = str(c, "image");
                        Map<String, String> env = new LinkedHashMap<>();
                        Path df = dockerfiles.get(repository(image));
                        if (df != null) {
                            env.putAll(dockerfileEnv(df));
                        }
                        env.putAll(k8sEnv(rs, c));
                        String where = overlay + " " + kindName(r) + "/" + str(c, "name");
                        checkEnv(where, repository(image), env, problems, unverified);
                        if (READERS.containsKey(repository(image))) {
                            int port = httpPort(repository(image), env);
                            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                                Object p = get(c, probe, "httpGet", "port");
                                if (p == null || Integer.parseInt(String.valueOf(p)) != port) {
                                    problems.add(where + ": " + probe + " must be an httpGet on port " + port);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        Assumptions.assumeTrue(unverified.isEmpty(),
                "names not verifiable yet (module sources missing): " + unverified);
    }

    private static void checkEnv(String where, String repo, Map<String, String> env, List<String> problems,
                                 Set<String> unverified) {
        checkEnvNames(where, repo, env.keySet(), problems, unverified);
        if (!READERS.containsKey(repo)) {
            return;
        }
        for (String required : REQUIRED.get(repo)) {
            if (env.getOrDefault(required, "").isBlank()) {
                problems.add(where + ": required " + required + " is not set");
            }
        }
        try {
            StorageConfig s3 = StorageConfig.fromEnvironment(env);
            if (s3.endpoint().contains("localhost") || s3.endpoint().contains("127.0.0.1")) {
                problems.add(where + ": S3 endpoint " + s3.endpoint() + " points into the container itself");
            }
        } catch (RuntimeException ex) {
            problems.add(where + ": StorageConfig.fromEnvironment fails: " + ex.getMessage());
        }
        String bootstrap = env.getOrDefault(KAFKA_BOOTSTRAP, "");
        if (bootstrap.contains("localhost") || bootstrap.contains("127.0.0.1")) {
            problems.add(where + ": " + KAFKA_BOOTSTRAP + " points into the container itself");
        }
        if (env.containsKey(WORKER_ROLES)) {
            for (String role : env.get(WORKER_ROLES).split(",")) {
                if (!Set.of("train", "translate").contains(role.strip())) {
                    problems.add(where + ": unknown worker role " + role);
                }
            }
        }
    }

    private static void checkEnvNames(String where, String repo, Set<String> names, List<String> problems,
                                      Set<String> unverified) {
        List<String> readers = READERS.get(repo);
        for (String name : names) {
            if (!name.startsWith("CYCLEFLEET_")) {
                continue;
            }
            if (readers == null) {
                problems.add(where + ": " + name + " is set on a container that runs no CycleFleet code");
                continue;
            }
            boolean read = false;
            boolean allKnown = true;
            for (String module : readers) {
                Set<String> names2 = envNamesReadBy(module);
                if (names2 == null) {
                    allKnown = false;
                } else if (names2.contains(name)) {
                    read = true;
                }
            }
            if (!read && allKnown) {
                problems.add(where + ": " + name + " is not read by " + readers + " (grep of src/main)");
            } else if (!read) {
                unverified.add(name);
            }
        }
    }

    private static int httpPort(String repo, Map<String, String> env) {
        String v = repo.equals(COORDINATOR_IMAGE) ? env.getOrDefault("QUARKUS_HTTP_PORT", "8080")
                : env.get(WORKER_HTTP_PORT);
        assertTrue(v != null, repo + ": no HTTP port");
        return Integer.parseInt(v);
    }

    private static String configValue(List<Map<String, Object>> rs, String key) {
        for (Map<String, Object> cm : ofKind(rs, "ConfigMap")) {
            String v = data(cm).get(key);
            if (v != null) {
                return v;
            }
        }
        throw new AssertionError("no ConfigMap sets " + key);
    }

    // ---- 6. images --------------------------------------------------------------------------------------------

    /** Built image repository -> its Dockerfile, from the compose build sections. */
    private static Map<String, Path> composeDockerfiles() {
        Map<String, Path> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : composeServices().entrySet()) {
            if (get(e.getValue(), "build") != null) {
                assertEquals(".", str(e.getValue(), "build", "context"), e.getKey() + ": build context is the repo root");
                Path df = ROOT.resolve(str(e.getValue(), "build", "dockerfile")).normalize();
                assertTrue(Files.isRegularFile(df), e.getKey() + ": Dockerfile " + df + " is missing");
                assertTrue(out.put(repository(str(e.getValue(), "image")), df) == null, "image built twice");
            }
        }
        return out;
    }

    @Test
    void imagesMatchAcrossComposeDockerfilesAndKubernetes() {
        Map<String, Path> built = composeDockerfiles();
        assertEquals(Set.of(COORDINATOR_IMAGE, WORKER_IMAGE, CUDA_WORKER_IMAGE), built.keySet());
        assertEquals(new TreeSet<>(files(DOCKER, ".Dockerfile")), new TreeSet<>(built.values()),
                "every Dockerfile under docker/ is built by a compose service");
        Map<String, String> composeImages = new TreeMap<>();
        for (Object svc : composeServices().values()) {
            String image = str(svc, "image");
            assertTrue(tag(image) != null && !tag(image).equals("latest"), image + " needs a pinned tag");
            String old = composeImages.put(repository(image), tag(image));
            assertTrue(old == null || old.equals(tag(image)), "compose uses two tags of " + repository(image));
        }
        String kafkaVersion = pomProperty(ROOT.resolve("pom.xml"), "kafka.version");
        assertEquals(kafkaVersion, composeImages.get("apache/kafka"), "broker image must match the clients' Kafka");
        String projectVersion = pomProperty(ROOT.resolve("pom.xml"), "version").replace("-SNAPSHOT", "");
        for (String repo : built.keySet()) {
            assertEquals(projectVersion, composeImages.get(repo), repo + " tag follows the project version");
        }
        for (String overlay : OVERLAYS) {
            List<Map<String, Object>> rs = render(K8S.resolve("overlays").resolve(overlay));
            for (Map<String, Object> r : rs) {
                for (Map<String, Object> c : containers(r)) {
                    String image = str(c, "image");
                    String where = overlay + " " + kindName(r);
                    assertTrue(composeImages.containsKey(repository(image)),
                            where + ": image " + image + " is not used in docker-compose.yml");
                    assertEquals(composeImages.get(repository(image)), tag(image), where + ": tag of " + image);
                }
            }
        }
        // Dockerfiles: multi-stage ./mvnw builds, Java 17, the documented launch commands
        for (Map.Entry<String, Path> d : built.entrySet()) {
            List<Repo.Instruction> ins = dockerfile(d.getValue());
            List<String> froms = ins.stream().filter(i -> i.op().equals("FROM")).map(Repo.Instruction::args).toList();
            String runs = String.join("\n", ins.stream().filter(i -> i.op().equals("RUN")).map(Repo.Instruction::args).toList());
            String entry = ins.stream().filter(i -> i.op().equals("ENTRYPOINT")).reduce((a, b) -> b)
                    .map(Repo.Instruction::args).orElse("");
            assertTrue(froms.size() >= 2, d.getValue() + " is not multi-stage");
            assertTrue(runs.contains("./mvnw -B"), d.getValue() + " must build with ./mvnw");
            for (String from : froms) {
                String image = from.split("\\s+")[0];
                assertTrue(tag(image) != null, d.getValue() + ": unpinned base " + image);
                if (image.startsWith("eclipse-temurin")) {
                    assertTrue(tag(image).startsWith("17-"), d.getValue() + ": Java 17 base expected: " + image);
                }
            }
            if (d.getKey().equals(COORDINATOR_IMAGE)) {
                assertTrue(runs.contains("-pl coordinator -am"), d.getValue().toString());
                assertTrue(entry.contains("\"-jar\", \"coordinator/target/quarkus-app/quarkus-run.jar\""), entry);
            } else {
                assertTrue(runs.contains("-pl worker -am"), d.getValue().toString());
                assertTrue(entry.contains("\"worker/target/classes:worker/target/lib/*\", \"com.cyclefleet.worker.WorkerMain\""),
                        d.getValue() + ": worker launch command: " + entry);
                boolean cuda = d.getKey().equals(CUDA_WORKER_IMAGE);
                assertEquals(cuda, runs.contains("-Pcuda"), d.getValue() + ": -Pcuda only in the CUDA build");
                String runtime = froms.get(froms.size() - 1).split("\\s+")[0];
                if (cuda) {
                    assertTrue(runtime.matches("nvidia/cuda:11\\.6(\\.\\d+)?-cudnn8-runtime-ubuntu\\d+\\.\\d+"),
                            "CUDA runtime base must be CUDA 11.6 + cuDNN 8: " + runtime);
                }
            }
        }
        Path workerMain = ROOT.resolve("worker/src/main/java/com/cyclefleet/worker/WorkerMain.java");
        Assumptions.assumeTrue(Files.isRegularFile(workerMain), "worker main class not written yet: " + workerMain);
    }

    // ---- 7. GPU -----------------------------------------------------------------------------------------------

    @Test
    void gpuOnlyInProdAndOnlyOnSupportedGpus() {
        for (Map<String, Object> r : render(K8S.resolve("overlays/dev"))) {
            String text = String.valueOf(r);
            assertFalse(text.contains("nvidia.com/gpu") || text.contains(CUDA_WORKER_IMAGE),
                    "dev overlay must be CPU only: " + kindName(r));
        }
        List<Map<String, Object>> prod = render(K8S.resolve("overlays/prod"));
        List<Map<String, Object>> workers = ofKind(prod, "Deployment").stream()
                .filter(d -> containers(d).stream().anyMatch(c -> str(c, "image").startsWith(WORKER_IMAGE))).toList();
        assertEquals(2, workers.size(), "prod: translate and train worker Deployments");
        for (Map<String, Object> d : workers) {
            String where = "prod " + kindName(d);
            Map<String, Object> c = containers(d).get(0);
            assertTrue(str(c, "image").startsWith(CUDA_WORKER_IMAGE + ":"), where + " must run the CUDA image");
            assertEquals("1", str(c, "resources", "limits", "nvidia.com/gpu"), where + ": one GPU limit");
            List<Object> terms = list(podSpec(d), "affinity", "nodeAffinity",
                    "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms");
            assertFalse(terms.isEmpty(), where + ": needs required node affinity on GPU labels");
            for (Object term : terms) {
                for (Object expr : list(term, "matchExpressions")) {
                    String key = str(expr, "key");
                    assertEquals("In", str(expr, "operator"), where);
                    for (Object v : list(expr, "values")) {
                        String value = String.valueOf(v);
                        if (key.equals("nvidia.com/gpu.product")) {
                            assertTrue(UNSUPPORTED_GPU_MARKERS.stream().noneMatch(value::contains),
                                    where + ": " + value + " is compute capability >= 9.0, not covered by CUDA 11.6");
                        } else if (key.equals("nvidia.com/gpu.compute.major")) {
                            int major = Integer.parseInt(value);
                            assertTrue(major >= 7 && major <= 8, where + ": compute capability " + major + ".x");
                        } else {
                            fail(where + ": unexpected GPU affinity key " + key);
                        }
                    }
                }
            }
            assertTrue(list(podSpec(d), "tolerations").stream().anyMatch(t -> "nvidia.com/gpu".equals(str(t, "key"))),
                    where + ": needs the nvidia.com/gpu toleration");
        }
        Map<String, Object> gpu = map(composeServices(), "worker-gpu");
        assertEquals(List.of("gpu"), list(gpu, "profiles"), "compose worker-gpu runs only with --profile gpu");
        assertTrue(str(gpu, "image").startsWith(CUDA_WORKER_IMAGE + ":"), "compose worker-gpu image");
        Object device = list(gpu, "deploy", "resources", "reservations", "devices").get(0);
        assertEquals("nvidia", str(device, "driver"));
        assertTrue(list(device, "capabilities").contains("gpu"));
        for (Map.Entry<String, Object> e : composeServices().entrySet()) {
            if (!e.getKey().equals("worker-gpu")) {
                assertTrue(list(e.getValue(), "profiles").isEmpty() || !list(e.getValue(), "profiles").contains("gpu"),
                        e.getKey());
                assertTrue(get(e.getValue(), "deploy") == null, e.getKey() + " must not reserve devices");
            }
        }
        // the -Pcuda profile swaps the backend
        String enginePom = read(ROOT.resolve("engine/pom.xml"));
        Matcher cuda = Pattern.compile("<id>cuda</id>(.*?)</profile>", Pattern.DOTALL).matcher(enginePom);
        assertTrue(cuda.find(), "engine/pom.xml needs the cuda profile");
        assertTrue(cuda.group(1).contains("<artifactId>nd4j-cuda-11.6</artifactId>")
                && cuda.group(1).contains("<classifier>linux-x86_64</classifier>")
                && cuda.group(1).contains("<scope>provided</scope>"), "cuda profile content");
    }

    // ---- compose wiring ---------------------------------------------------------------------------------------

    @Test
    void composeDependsOnHealthAndOneShotInits() {
        Map<String, Object> services = composeServices();
        for (String svc : List.of("coordinator", "worker", "worker-gpu")) {
            Map<String, Object> deps = map(services, svc, "depends_on");
            assertEquals("service_completed_successfully", str(deps, "topic-init", "condition"), svc);
            assertEquals("service_completed_successfully", str(deps, "bucket-init", "condition"), svc);
            assertFalse(list(services.get(svc), "healthcheck", "test").isEmpty(), svc + " needs a health check");
        }
        for (String svc : List.of("kafka", "minio")) {
            assertFalse(list(services.get(svc), "healthcheck", "test").isEmpty(), svc + " needs a health check");
        }
        assertEquals("service_healthy", str(services, "topic-init", "depends_on", "kafka", "condition"));
        assertEquals("service_healthy", str(services, "bucket-init", "depends_on", "minio", "condition"));
        Set<String> declared = map(compose(), "volumes").keySet();
        Set<String> used = new LinkedHashSet<>();
        for (Object svc : services.values()) {
            for (Object v : list(svc, "volumes")) {
                String src = String.valueOf(v).split(":")[0];
                assertFalse(src.startsWith(".") || src.startsWith("/"), "bind mount " + v + ": use named volumes");
                used.add(src);
            }
        }
        assertEquals(declared, used, "named volumes declared vs used");
        // the bucket created by bucket-init is the one the fleet uses
        String bucket = composeEnv(services.get("bucket-init")).get("BUCKET");
        assertEquals(bucket, composeEnv(services.get("coordinator")).getOrDefault(StorageConfig.ENV_BUCKET,
                StorageConfig.DEFAULT_BUCKET));
        assertEquals(bucket, composeEnv(services.get("worker")).getOrDefault(StorageConfig.ENV_BUCKET,
                StorageConfig.DEFAULT_BUCKET));
        String endpoint = composeEnv(services.get("worker")).get(StorageConfig.ENV_ENDPOINT);
        assertTrue(services.containsKey(URI.create(endpoint).getHost()), "S3 endpoint host is a compose service");
        String bootstrap = composeEnv(services.get("worker")).get(KAFKA_BOOTSTRAP);
        assertTrue(composeEnv(services.get("kafka")).get("KAFKA_ADVERTISED_LISTENERS").contains("://" + bootstrap),
                "workers' bootstrap " + bootstrap + " is an advertised listener");
    }
}
