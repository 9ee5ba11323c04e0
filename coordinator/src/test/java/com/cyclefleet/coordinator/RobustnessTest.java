package com.cyclefleet.coordinator;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.formats.testing.HugePng;
import com.cyclefleet.protocol.DatasetChanged;
import com.cyclefleet.protocol.JobAccepted;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.topic.Topics;
import com.cyclefleet.storage.ObjectLayout;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 14's probes at the coordinator's door: each refused with a clear JSON error, and normal use still works. */
@QuarkusTest
@QuarkusTestResource(value = FleetTestResource.class, restrictToAnnotatedClass = false)
class RobustnessTest {

    private static final int SOCKET_READ_MILLIS = 10_000;

    @Inject
    Fleet fleet;

    @TestHTTPResource("/")
    URL base;

    private static ValidatableResponse jsonError(ValidatableResponse r, int status, String... parts) {
        r.statusCode(status).contentType(ContentType.JSON).body("error", notNullValue());
        for (String part : parts) {
            r.body("error", containsString(part));
        }
        return r;
    }

    @Test
    void aHugeImageIsRefusedFromItsHeaderAndNothingIsPublished() throws Exception {
        TranslationAndUploadTest.importModel("budget");
        byte[] huge = HugePng.rgb(8000, 8000);
        jsonError(given().contentType("image/png").body(huge).queryParam("model", "budget")
                .post("/translations/async").then(), 413, "8000x8000 pixels", "cyclefleet.uploads.max-pixels");
        jsonError(given().contentType("image/png").body(huge).queryParam("model", "budget").post("/translations")
                .then(), 413, "8000x8000");
        jsonError(given().multiPart("image", "big.png", huge, "image/png").queryParam("model", "budget")
                .post("/translations/async").then(), 413, "big.png");
        assertTrue(TestSupport.all(Topics.TRANSLATE_TASKS, TranslateTask.class).stream()
                .noneMatch(t -> t.modelId().equals("budget")), "nothing was published for the refused images");

        // a batch over a prefix holding one: refused before any task is published
        fleet.store().put("hostile/in/huge.png", huge, "image/png");
        fleet.store().put("hostile/in/fine.png", TestSupport.png(8, 1), "image/png");
        jsonError(given().contentType(ContentType.JSON).body(Map.of("modelId", "budget", "inputPrefix", "hostile/in/",
                "outputPrefix", "hostile/out/")).post("/translations/batches").then(), 413, "hostile/in/huge.png");
        assertTrue(TestSupport.all(Topics.TRANSLATE_TASKS, TranslateTask.class).stream()
                .noneMatch(t -> t.modelId().equals("budget")));

        // 1-bit 30000x30000 in a dataset: raw, multipart and inside a zip; nothing written, nothing announced
        byte[] bilevel = HugePng.bilevel(30000, 30000);
        jsonError(given().contentType("image/png").body(bilevel).post("/datasets/hostile/A/images").then(), 413,
                "30000x30000 pixels (1 bits per pixel");
        jsonError(given().multiPart("files", "ok.png", TestSupport.png(8, 2), "image/png")
                .multiPart("files", "bilevel.png", bilevel, "image/png").post("/datasets/hostile/A/images").then(),
                413, "bilevel.png");
        byte[] zip = TestSupport.zip(Map.of("first.png", TestSupport.png(8, 3), "deep/bilevel.png", bilevel));
        jsonError(given().contentType("application/zip").body(zip).post("/datasets/hostile/A/images").then(), 413,
                "deep/bilevel.png");
        jsonError(given().get("/datasets/hostile").then(), 404, "not found");
        assertTrue(fleet.store().list("datasets/hostile/").isEmpty(), "nothing of the refused uploads was written");
        assertTrue(TestSupport.all(Topics.EVENTS, DatasetChanged.class).stream()
                .noneMatch(c -> c.dataset().equals("hostile")));

        // a normal translation and upload still succeed
        try (FakeTranslateWorker worker = new FakeTranslateWorker("budget", fleet.store())) {
            byte[] input = TestSupport.png(16, 4);
            byte[] out = given().contentType("image/png").body(input).queryParam("model", "budget")
                    .post("/translations").then().statusCode(200).extract().asByteArray();
            assertTrue(java.util.Arrays.equals(input, out));
        }
        given().contentType("image/png").body(TestSupport.png(8, 4)).post("/datasets/hostile/A/images")
                .then().statusCode(201).body("count", equalTo(1));
    }

    @Test
    void theGeneratorsSmallestInputIsCheckedAtTheDoor() {
        TranslationAndUploadTest.importModel("tiny");
        // 4x4 becomes a 1x1 feature map, which the residual blocks' reflection pad cannot take
        jsonError(given().contentType("image/png").body(TestSupport.png(4, 1)).queryParam("model", "tiny")
                .post("/translations/async").then(), 400, "4x4 pixels", "at least 5x5");
        given().contentType("image/png").body(TestSupport.png(5, 1)).queryParam("model", "tiny")
                .post("/translations/async").then().statusCode(202);
    }

    /** 1.1 MB of zip that expands to 1.17 GB: refused at its first entry, in bounded memory. */
    @Test
    void aZipBombIsRefusedWithBoundedMemory() throws Exception {
        Path bomb = Files.createTempFile("bomb", ".zip");
        try {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
                zip.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
                zip.putNextEntry(new ZipEntry("bomb.png"));
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 1170; i++) {
                    zip.write(zeros);
                }
                zip.closeEntry();
            }
            long size = Files.size(bomb);
            assertTrue(size < 2_000_000, "the bomb is small: " + size);
            HeapPeak peak = HeapPeak.start();
            jsonError(given().contentType("application/zip").body(bomb.toFile()).post("/datasets/bombed/A/images")
                    .then(), 413, "bomb.png", "cyclefleet.uploads.max-image-bytes");
            long sampled = peak.stop();
            System.out.printf("HEAP zip bomb (%d bytes, 1170 MiB inside): sampled peak %d MiB, pool peaks %d MiB,"
                    + " baseline %d MiB, max heap %d MiB%n", size, sampled >> 20, peak.poolPeaks() >> 20,
                    peak.baseline() >> 20, peak.maxHeap() >> 20);
        } finally {
            Files.deleteIfExists(bomb);
        }

        // many small entries that each compress a thousand times: the ratio limit
        Map<String, byte[]> flat = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            flat.put("flat" + i + ".png", new byte[200_000]);
        }
        jsonError(given().contentType("application/zip").body(TestSupport.zip(flat)).post("/datasets/bombed/A/images")
                .then(), 413, "flat0.png", "cyclefleet.uploads.max-compression-ratio");

        // more entries than allowed, each a valid image
        int max = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("cyclefleet.uploads.max-archive-entries", Integer.class);
        Map<String, byte[]> many = new LinkedHashMap<>();
        byte[] tiny = TestSupport.png(8, 9);
        for (int i = 0; i <= max; i++) {
            many.put("m" + i + ".png", tiny);
        }
        jsonError(given().contentType("application/zip").body(TestSupport.zip(many)).post("/datasets/bombed/A/images")
                .then(), 413, "more than " + max + " files");
        assertTrue(fleet.store().list("datasets/bombed/").isEmpty(), "nothing of the refused zips was written");

        // and a normal zip afterwards
        given().contentType("application/zip").body(TestSupport.zip(Map.of("n.png", TestSupport.png(8, 1))))
                .post("/datasets/bombed/A/images").then().statusCode(201).body("count", equalTo(1));
    }

    private static void dataset(String name) {
        for (String domain : List.of("A", "B")) {
            given().contentType("image/png").body(TestSupport.png(8, domain.hashCode()))
                    .post("/datasets/{n}/{d}/images", name, domain).then().statusCode(201);
        }
    }

    private static Map<String, Object> job(String dataset, Map<String, Object> hyper) {
        Map<String, Object> body = new HashMap<>();
        body.put("dataset", dataset);
        body.put("totalIterations", 10);
        body.put("hyperParameters", hyper);
        return body;
    }

    @Test
    void impossibleHyperParametersAreRefusedInApiFieldNames() {
        dataset("strict");
        Map<Map<String, Object>, String> bad = new LinkedHashMap<>();
        bad.put(Map.of("ngf", 100000), "hyperParameters.ngf must be in 1..256");
        bad.put(Map.of("ndf", 0), "ndf must be at least 1");
        bad.put(Map.of("loadSize", 100000), "hyperParameters.loadSize must be in 4..2048");
        bad.put(Map.of("loadSize", 64, "cropSize", 30), "hyperParameters.cropSize must be a multiple of 4");
        bad.put(Map.of("loadSize", 32, "cropSize", 64), "loadSize must be at least 64, was 32");
        bad.put(Map.of("cropSize", 2, "loadSize", 2), "hyperParameters.loadSize must be in 4..2048");
        bad.put(Map.of("netG", "resnet_12blocks"), "netG must be one of");
        bad.put(Map.of("ganMode", "wgan"), "ganMode must be one of");
        bad.put(Map.of("batchSize", 100000), "hyperParameters.batchSize");
        bad.put(Map.of("lr", 5.0), "hyperParameters.lr");
        bad.put(Map.of("epochs", 0, "epochsDecay", 0), "epochs plus hyperParameters.epochsDecay");
        bad.put(Map.of("ngff", 8), "unknown field 'hyperParameters.ngff'");
        bad.put(Map.of("ngf", "many"), "field 'hyperParameters.ngf' has the wrong type");
        for (Map.Entry<Map<String, Object>, String> e : bad.entrySet()) {
            String error = jsonError(given().contentType(ContentType.JSON).body(job("strict", e.getKey()))
                    .post("/jobs").then(), 400, e.getValue()).extract().path("error");
            assertTrue(!error.contains("--"), "no CLI flag names in REST replies: " + error);
        }
        Map<String, Object> chunk = new HashMap<>(job("strict", Map.of()));
        chunk.put("chunkMaxSeconds", 0);
        jsonError(given().contentType(ContentType.JSON).body(chunk).post("/jobs").then(), 400, "chunkMaxSeconds");
        Map<String, Object> total = new HashMap<>(job("strict", Map.of()));
        total.put("totalIterations", Long.MAX_VALUE);
        jsonError(given().contentType(ContentType.JSON).body(total).post("/jobs").then(), 400, "totalIterations");
        // the misspelled top-level key that silently trained with the defaults
        Map<String, Object> misspelled = new HashMap<>();
        misspelled.put("dataset", "strict");
        misspelled.put("totalIterations", 10);
        misspelled.put("hyperParameter", Map.of("ngf", 8));
        jsonError(given().contentType(ContentType.JSON).body(misspelled).post("/jobs").then(), 400,
                "unknown field 'hyperParameter'", "hyperParameters");
        assertTrue(TestSupport.all(Topics.EVENTS, JobAccepted.class).stream()
                .noneMatch(j -> j.dataset().equals("strict")), "no job was accepted");

        // a sound job is still accepted
        given().contentType(ContentType.JSON).body(job("strict", Map.of("netG", "resnet_6blocks", "ngf", 8,
                "loadSize", 32, "cropSize", 32))).post("/jobs").then().statusCode(201).body("status", equalTo("QUEUED"));
    }

    @Test
    void weightsThatDoNotFitTheArchitectureAreRefusedNamingKeyAndShapes() {
        byte[] ngf8 = TestSupport.generatorWeights(6, 8);
        jsonError(given().multiPart("file", "w.zip", ngf8, "application/zip").multiPart("netG", "resnet_6blocks")
                .multiPart("ngf", "16").post("/models/misfit/import").then(), 422, "'G_A/model.1.weight.npy'",
                "[8, 3, 7, 7]", "[16, 3, 7, 7]");
        jsonError(given().multiPart("file", "w.zip", ngf8, "application/zip").multiPart("netG", "resnet_9blocks")
                .post("/models/misfit/import").then(), 422, "resnet_9blocks (9 residual blocks)", "hold 6");
        Map<String, byte[]> wrong = new java.util.TreeMap<>(TestSupport.generatorNpys("G_A/", 6, 8));
        wrong.putAll(TestSupport.generatorNpys("G_B/", 6, 8));
        wrong.put("G_B/model.4.weight.npy", TestSupport.npy("<f4", 16, 8, 5, 5));
        jsonError(given().multiPart("file", "w.zip", TestSupport.zip(wrong), "application/zip")
                .post("/models/misfit/import").then(), 422, "'G_B/model.4.weight.npy'", "[16, 8, 5, 5]",
                "[16, 8, 3, 3]");
        wrong.remove("G_B/model.4.weight.npy");
        wrong.remove("G_A/model.4.weight.npy");
        jsonError(given().multiPart("file", "w.zip", TestSupport.zip(wrong), "application/zip")
                .post("/models/misfit/import").then(), 422, "'G_A/model.4.weight.npy' is missing", "[16, 8, 3, 3]");
        jsonError(given().get("/models/misfit").then(), 404);

        // netG and ngf inferred from weights that fit
        given().multiPart("file", "w.zip", ngf8, "application/zip").post("/models/fitting/import").then()
                .statusCode(201).body("version", equalTo(1));
        byte[] manifest = TestSupport.unzipEntry(fleet.store().get("models/fitting/v1/model.zip"), "model.json");
        String json = new String(manifest, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"netG\":\"resnet_6blocks\"") && json.contains("\"ngf\":8"), json);
    }

    @Test
    void everyErrorIsJson() throws Exception {
        jsonError(given().contentType(ContentType.JSON).body("{not json").post("/jobs").then(), 400);
        jsonError(given().contentType(ContentType.JSON).body("{not json").post("/translations/batches").then(), 400);
        jsonError(given().contentType(ContentType.JSON).body("[1, 2]").post("/datasets/x/register").then(), 400);
        jsonError(given().contentType(ContentType.JSON).post("/jobs").then(), 400);
        jsonError(given().get("/models/m/versions/not-a-number").then(), 404);
        jsonError(given().get("/no/such/path").then(), 404, "/no/such/path");
        jsonError(given().delete("/jobs").then(), 405);
        jsonError(given().contentType("text/plain").body("hi").post("/jobs").then(), 415);
        // a declared body larger than the server takes, refused before it is read
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /datasets/x/A/images HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/zip\r\n"
                    + "Content-Length: 99999999999\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            // the server may keep the connection open: read the headers, then exactly the declared body
            socket.setSoTimeout(SOCKET_READ_MILLIS);
            String status = in.readLine();
            assertTrue(status.contains(" 413"), status);
            StringBuilder headers = new StringBuilder();
            int length = -1;
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                headers.append(line).append('\n');
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring("content-length:".length()).trim());
                }
            }
            assertTrue(headers.toString().toLowerCase(java.util.Locale.ROOT).contains("application/json"),
                    headers.toString());
            assertTrue(length > 0, headers.toString());
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                assertTrue(n > 0, "body ended after " + read + " of " + length + " chars");
                read += n;
            }
            assertTrue(new String(body).startsWith("{\"error\":"), new String(body));
        }
    }

    @Test
    void roughEdges() throws Exception {
        // raw uploads without a file name: named by content, so different images do not overwrite each other
        given().contentType("image/png").body(TestSupport.png(8, 21)).post("/datasets/edges/A/images")
                .then().statusCode(201);
        given().contentType("image/png").body(TestSupport.png(8, 22)).post("/datasets/edges/A/images")
                .then().statusCode(201).body("count", equalTo(2));
        // the same image again is the same object
        given().contentType("image/png").body(TestSupport.png(8, 22)).post("/datasets/edges/A/images")
                .then().statusCode(201).body("count", equalTo(2));

        // a/x.png and b/x.png in one zip are two images
        byte[] zip = TestSupport.zip(Map.of("a/x.png", TestSupport.png(8, 23), "b/x.png", TestSupport.png(8, 24)));
        given().contentType("application/zip").body(zip).post("/datasets/edges/B/images").then().statusCode(201)
                .body("count", equalTo(2)).body("keys", containsInAnyOrder(not(equalTo("")), not(equalTo(""))));
        List<String> keys = fleet.store().list("datasets/edges/B/");
        assertEquals(2, keys.size(), keys.toString());

        // the list agrees with the live description, also after an image arrived behind the coordinator's back
        fleet.store().put(ObjectLayout.datasetImage("edges", com.cyclefleet.protocol.Domain.B, "direct.png"),
                TestSupport.png(8, 25), "image/png");
        given().get("/datasets/edges").then().statusCode(200).body("domains.B.count", equalTo(3));
        given().get("/datasets").then().statusCode(200).body("find { it.name == 'edges' }.domains.B.count",
                equalTo(3));

        // swagger UI is served where the README and `up` point
        given().get("/q/swagger-ui/").then().statusCode(200);

        // the loss history uses the events' loss names
        given().contentType("image/png").body(TestSupport.png(8, 26)).post("/datasets/edges/B/images")
                .then().statusCode(201);
        String jobId = given().contentType(ContentType.JSON).body(job("edges", Map.of("netG", "resnet_6blocks",
                "ngf", 8, "loadSize", 32, "cropSize", 32))).post("/jobs").then().statusCode(201).extract().path("jobId");
        fleet.store().put(ObjectLayout.lossHistory(jobId), ("{\"iteration\":1,\"epoch\":1,\"lr\":2.0E-4,\"dA\":0.5,"
                + "\"gA\":1.25,\"cycleA\":2.0,\"idtA\":0.1,\"dB\":0.4,\"gB\":1.1,\"cycleB\":1.9,\"idtB\":0.2,"
                + "\"millis\":10.0,\"batchSize\":1}\n").getBytes(StandardCharsets.UTF_8), "application/jsonl");
        given().get("/jobs/{id}/loss-history", jobId).then().statusCode(200)
                .body("[0]", hasKey("D_A")).body("[0]", hasKey("cycle_B")).body("[0]", not(hasKey("dA")))
                .body("[0].G_A", equalTo(1.25f)).body("[0].iteration", equalTo(1));
        given().get("/jobs/{id}", jobId).then().statusCode(200).body("lossHistory[0]", hasKey("idt_A"));
    }
}
