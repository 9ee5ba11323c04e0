package com.cyclefleet.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** File access, YAML loading and a small Kustomize renderer for the deploy checks. */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("cyclefleet.repo.root", "..")).toAbsolutePath().normalize();
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path DOCKER = ROOT.resolve("docker");
    static final Path K8S = ROOT.resolve("k8s");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    private Repo() {
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a (multi-document) YAML file; throws on a syntax error. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> loadAll(Path p) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(read(p))) {
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map)) {
                throw new IllegalStateException(p + ": a document is not a mapping");
            }
            docs.add((Map<String, Object>) doc);
        }
        return docs;
    }

    static Map<String, Object> loadOne(Path p) {
        List<Map<String, Object>> docs = loadAll(p);
        if (docs.size() != 1) {
            throw new IllegalStateException(p + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    static List<Path> files(Path dir, String... suffixes) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(suffixes).anyMatch(x -> f.getFileName().toString().endsWith(x)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- generic map access -----------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String... path) {
        Object v = get(o, path);
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String... path) {
        Object v = get(o, path);
        return v instanceof List ? (List<Object>) v : List.of();
    }

    static String str(Object o, String... path) {
        Object v = get(o, path);
        return v == null ? null : String.valueOf(v);
    }

    static Object get(Object o, String... path) {
        Object cur = o;
        for (String k : path) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(k);
        }
        return cur;
    }

    static String kindName(Map<String, Object> r) {
        return r.get("kind") + "/" + str(r, "metadata", "name");
    }

    // ---- compose ----------------------------------------------------------------------------------------------

    static Map<String, Object> compose() {
        return loadOne(COMPOSE);
    }

    static Map<String, Object> composeServices() {
        return map(compose(), "services");
    }

    /** A compose service's environment, whether written as a map or as a list of NAME=value. */
    static Map<String, String> composeEnv(Object service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object e = get(service, "environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (e instanceof List<?> l) {
            for (Object item : l) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }

    // ---- Dockerfiles ------------------------------------------------------------------------------------------

    record Instruction(String op, String args) {
    }

    static List<Instruction> dockerfile(Path p) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : read(p).split("\n")) {
            String line = raw.strip();
            if (cur.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (!cur.isEmpty() && line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                cur.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            cur.append(line);
            String full = cur.toString().strip();
            cur.setLength(0);
            int sp = full.indexOf(' ');
            out.add(new Instruction(full.substring(0, sp).toUpperCase(), full.substring(sp + 1).strip()));
        }
        return out;
    }

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|(\\S*))");

    /** The ENV of a Dockerfile's last stage (the image that runs). */
    static Map<String, String> dockerfileEnv(Path p) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction i : dockerfile(p)) {
            if (i.op().equals("FROM")) {
                env.clear();
            } else if (i.op().equals("ENV")) {
                Matcher m = ENV_PAIR.matcher(i.args());
                while (m.find()) {
                    env.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
                }
            }
        }
        return env;
    }

    // ---- Kustomize --------------------------------------------------------------------------------------------

    /**
     * Renders a kustomization the way {@code kubectl kustomize} does for the features used here: resources
     * (files and directories, recursively), patches by path (matched on kind and name; maps merged, lists of named
     * items merged by name, other lists replaced, as in a strategic merge for these fields), images, namespace.
     * Fails on a missing resource or a patch without a target.
     */
    static List<Map<String, Object>> render(Path dir) {
        Path kf = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(kf)) {
            throw new IllegalStateException("no kustomization.yaml in " + dir);
        }
        Map<String, Object> k = loadOne(kf);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : list(k, "resources")) {
            Path p = dir.resolve(String.valueOf(r)).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else if (Files.isRegularFile(p)) {
                out.addAll(loadAll(p));
            } else {
                throw new IllegalStateException(kf + ": resource " + r + " does not exist");
            }
        }
        for (Object patch : list(k, "patches")) {
            String path = str(patch, "path");
            if (path == null) {
                throw new IllegalStateException(kf + ": only file patches (path:) are supported by this check");
            }
            Path p = dir.resolve(path).normalize();
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(kf + ": patch " + path + " does not exist");
            }
            for (Map<String, Object> doc : loadAll(p)) {
                Map<String, Object> target = out.stream().filter(r -> kindName(r).equals(kindName(doc)))
                        .findFirst().orElseThrow(() -> new IllegalStateException(
                                p + ": patch target " + kindName(doc) + " is not among the resources"));
                merge(target, doc);
            }
        }
        for (Object image : list(k, "images")) {
            String name = str(image, "name");
            for (Map<String, Object> r : out) {
                for (Map<String, Object> c : containers(r)) {
                    String img = str(c, "image");
                    if (img != null && repository(img).equals(name)) {
                        String newName = str(image, "newName") != null ? str(image, "newName") : name;
                        String newTag = str(image, "newTag") != null ? str(image, "newTag") : tag(img);
                        c.put("image", newName + ":" + newTag);
                    }
                }
            }
        }
        String ns = str(k, "namespace");
        if (ns != null) {
            for (Map<String, Object> r : out) {
                if (!"Namespace".equals(r.get("kind"))) {
                    asMutable(r, "metadata").put("namespace", ns);
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMutable(Map<String, Object> r, String key) {
        return (Map<String, Object>) r.computeIfAbsent(key, x -> new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object old = target.get(e.getKey());
            Object val = e.getValue();
            if (old instanceof Map && val instanceof Map) {
                merge((Map<String, Object>) old, (Map<String, Object>) val);
            } else if (old instanceof List<?> ol && val instanceof List<?> vl && named(ol) && named(vl)) {
                List<Object> merged = new ArrayList<>(ol);
                for (Object item : vl) {
                    Object n = ((Map<?, ?>) item).get("name");
                    Map<String, Object> existing = merged.stream().map(x -> (Map<String, Object>) x)
                            .filter(x -> n.equals(x.get("name"))).findFirst().orElse(null);
                    if (existing == null) {
                        merged.add(item);
                    } else {
                        merge(existing, (Map<String, Object>) item);
                    }
                }
                target.put(e.getKey(), merged);
            } else {
                target.put(e.getKey(), val);
            }
        }
    }

    private static boolean named(List<?> l) {
        return !l.isEmpty() && l.stream().allMatch(x -> x instanceof Map<?, ?> m && m.get("name") != null);
    }

    /** The pod spec of a workload (Deployment, StatefulSet, Job), or null. */
    static Map<String, Object> podSpec(Map<String, Object> r) {
        Map<String, Object> spec = map(r, "spec", "template", "spec");
        return spec.isEmpty() ? null : spec;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> containers(Map<String, Object> r) {
        Map<String, Object> spec = podSpec(r);
        if (spec == null) {
            return List.of();
        }
        List<Map<String, Object>> cs = new ArrayList<>();
        for (String key : List.of("initContainers", "containers")) {
            list(spec, key).forEach(c -> cs.add((Map<String, Object>) c));
        }
        return cs;
    }

    static String repository(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(0, colon) : image;
    }

    static String tag(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : null;
    }

    /** Data of a ConfigMap or Secret (stringData and base64 data). */
    static Map<String, String> data(Map<String, Object> r) {
        Map<String, String> d = new LinkedHashMap<>();
        boolean secret = "Secret".equals(r.get("kind"));
        map(r, "data").forEach((k, v) -> d.put(k, secret
                ? new String(Base64.getDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8)
                : String.valueOf(v)));
        map(r, "stringData").forEach((k, v) -> d.put(k, String.valueOf(v)));
        return d;
    }

    /**
     * A container's environment in a rendered set of resources: envFrom ConfigMaps/Secrets, then env (value,
     * configMapKeyRef, secretKeyRef; fieldRef becomes a placeholder). A reference to a missing ConfigMap, Secret or
     * key throws.
     */
    static Map<String, String> k8sEnv(List<Map<String, Object>> resources, Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object from : list(container, "envFrom")) {
            String cm = str(from, "configMapRef", "name");
            String sec = str(from, "secretRef", "name");
            env.putAll(data(find(resources, cm != null ? "ConfigMap" : "Secret", cm != null ? cm : sec)));
        }
        for (Object e : list(container, "env")) {
            String name = str(e, "name");
            if (get(e, "value") != null) {
                env.put(name, str(e, "value"));
            } else if (get(e, "valueFrom", "configMapKeyRef") != null) {
                env.put(name, key(resources, "ConfigMap", map(e, "valueFrom", "configMapKeyRef")));
            } else if (get(e, "valueFrom", "secretKeyRef") != null) {
                env.put(name, key(resources, "Secret", map(e, "valueFrom", "secretKeyRef")));
            } else if (get(e, "valueFrom", "fieldRef") != null) {
                env.put(name, "<" + str(e, "valueFrom", "fieldRef", "fieldPath") + ">");
            } else {
                env.put(name, "");
            }
        }
        return env;
    }

    private static String key(List<Map<String, Object>> resources, String kind, Map<String, Object> ref) {
        Map<String, String> d = data(find(resources, kind, str(ref, "name")));
        String key = str(ref, "key");
        if (!d.containsKey(key)) {
            throw new IllegalStateException(kind + " " + str(ref, "name") + " has no key " + key);
        }
        return d.get(key);
    }

    static Map<String, Object> find(List<Map<String, Object>> resources, String kind, String name) {
        return resources.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(str(r, "metadata", "name")))
                .findFirst().orElseThrow(() -> new IllegalStateException(kind + " " + name + " is not defined"));
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> resources, String kind) {
        return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    // ---- what the Java sources read ---------------------------------------------------------------------------

    private static final Pattern ENV_LITERAL = Pattern.compile("CYCLEFLEET_[A-Z0-9_]*[A-Z0-9]");
    private static final Pattern PROPERTY = Pattern.compile("cyclefleet\\.[a-z0-9.-]*[a-z0-9]");

    /**
     * The CYCLEFLEET_* environment names a module's main sources read: literal names in Java and resources, plus
     * the environment form of every {@code cyclefleet.x.y} config property (MicroProfile Config maps
     * {@code CYCLEFLEET_X_Y} onto it). Null when the module has no main sources yet.
     */
    static Set<String> envNamesReadBy(String module) {
        Path main = ROOT.resolve(module).resolve("src/main");
        if (!Files.isDirectory(main)) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (Path f : files(main, ".java", ".properties", ".yaml", ".yml")) {
            String text = read(f);
            ENV_LITERAL.matcher(text).results().forEach(m -> names.add(m.group()));
            if (!f.toString().endsWith(".java") || text.contains("ConfigMapping") || text.contains("ConfigProperty")) {
                PROPERTY.matcher(text).results()
                        .forEach(m -> names.add(m.group().toUpperCase().replaceAll("[^A-Z0-9]", "_")));
            }
        }
        return names;
    }

    static String pomProperty(Path pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(read(pom));
        if (!m.find()) {
            throw new IllegalStateException(pom + " has no property " + name);
        }
        return m.group(1).strip();
    }
}
