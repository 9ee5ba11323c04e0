package com.cyclefleet.coordinator;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.protocol.TranslateTask;
import com.cyclefleet.protocol.topic.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = FleetTestResource.class, restrictToAnnotatedClass = false)
class TranslationAndUploadTest {

    @Inject
    Fleet fleet;

    static void importModel(String modelId) {
        // the smallest generator there is: six blocks of ngf 1
        byte[] weights = TestSupport.generatorWeights(6, 1);
        given().multiPart("file", "weights.zip", weights, "application/zip").multiPart("netG", "resnet_6blocks")
                .multiPart("ngf", "1").when().post("/models/{id}/import", modelId)
                .then().statusCode(201).body("kind", equalTo("import")).body("source", equalTo("import"));
    }

    @Test
    void importRepacksTorchWeightsIntoTheEngineBundle() throws Exception {
        importModel("imported");
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(
                fleet.store().get("models/imported/v1/model.zip")))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        java.util.Set<String> expected = new java.util.TreeSet<>(TestSupport.generatorNpys("G_A/", 6, 1).keySet());
        expected.addAll(TestSupport.generatorNpys("G_B/", 6, 1).keySet());
        expected.add("model.json");
        assertEquals(expected, entries.keySet());
        assertEquals("{\"format\":1,\"kind\":\"generators\",\"netG\":\"resnet_6blocks\",\"ngf\":1,\"iteration\":0}",
                new String(entries.get("model.json"), StandardCharsets.UTF_8));
        assertArrayEquals(TestSupport.npy("<f4", 1, 3, 7, 7), entries.get("G_B/model.1.weight.npy"));

        // flat: one generator for both directions, as a raw zip body
        byte[] flat = TestSupport.zip(TestSupport.generatorNpys("", 6, 2));
        given().contentType("application/zip").body(flat).queryParam("ngf", 2).post("/models/imported/import")
                .then().statusCode(201).body("version", equalTo(2));
    }

    @Test
    void importWithBadNpyIsRejectedNamingTheEntry() {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("G_A/model.1.weight.npy", TestSupport.npy("<f4", 2, 3));
        bad.put("G_B/model.1.weight.npy", TestSupport.npy("<f8", 2, 3));
        given().multiPart("file", "w.zip", TestSupport.zip(bad), "application/zip").post("/models/bad/import")
                .then().statusCode(422).body("error", containsString("G_B/model.1.weight.npy"))
                .body("error", containsString("<f8"));
        given().multiPart("file", "w.zip", TestSupport.zip(Map.of("x.npy", "not numpy".getBytes(StandardCharsets.UTF_8))),
                "application/zip").post("/models/bad/import")
                .then().statusCode(422).body("error", containsString("'x.npy'")).body("error", containsString("magic"));
        given().multiPart("file", "w.zip", TestSupport.zip(Map.of("G_A/k.npy", TestSupport.npy("<f4", 2))),
                "application/zip").post("/models/bad/import")
                .then().statusCode(422).body("error", containsString("no G_B/"));
        given().get("/models/bad").then().statusCode(404);
    }

    @Test
    void badUploadsAreRejectedWithClearMessages() {
        byte[] notImage = "hello, not an image".getBytes(StandardCharsets.UTF_8);
        given().multiPart("files", "note.png", notImage, "image/png").post("/datasets/uploads/A/images")
                .then().statusCode(400).body("error", containsString("'note.png': not an image"));
        given().multiPart("files", "empty.png", new byte[0], "image/png").post("/datasets/uploads/A/images")
                .then().statusCode(400).body("error", containsString("empty"));
        byte[] big = TestSupport.png(400, 1);
        long limit = fleet.store() == null ? 0 : org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("cyclefleet.uploads.max-image-bytes", Long.class);
        assertTrue(big.length > limit, "test image must exceed the test limit");
        given().contentType("image/png").body(big).post("/datasets/uploads/A/images")
                .then().statusCode(413).body("error", containsString("over the limit"));
        given().multiPart("files", "bad.png", TestSupport.png(8, 1), "image/png").post("/datasets/uploads/C/images")
                .then().statusCode(400).body("error", containsString("domain must be A or B"));
        given().multiPart("files", "ok.png", TestSupport.png(8, 1), "image/png").post("/datasets/bad name!/A/images")
                .then().statusCode(400).body("error", containsString("dataset name"));
        // nothing of the rejected uploads was stored or announced
        given().get("/datasets/uploads").then().statusCode(404);

        // translations validate the image the same way (the model exists, so the image is what is wrong)
        importModel("validator");
        given().contentType("image/png").body(notImage).queryParam("model", "validator").post("/translations")
                .then().statusCode(400).body("error", containsString("not an image"));
        given().contentType("image/png").body(new byte[0]).queryParam("model", "validator").post("/translations/async")
                .then().statusCode(400).body("error", containsString("empty"));
        given().contentType("image/png").body(big).queryParam("model", "validator").post("/translations")
                .then().statusCode(413).body("error", containsString("over the limit"));
    }

    @Test
    void zipUploadAndDescribe() {
        byte[] zip = TestSupport.zip(Map.of("dir/x1.png", TestSupport.png(8, 5), "dir/x2.png", TestSupport.png(8, 6),
                "__MACOSX/._x1.png", new byte[]{1}));
        given().contentType("application/zip").body(zip).post("/datasets/zipped/B/images")
                .then().statusCode(201).body("count", equalTo(2)).body("keys", org.hamcrest.Matchers.containsInAnyOrder("datasets/zipped/B/x1.png", "datasets/zipped/B/x2.png"));
        given().get("/datasets/zipped").then().statusCode(200).body("domains.B.count", equalTo(2))
                .body("domains.B.bytes", equalTo(TestSupport.png(8, 5).length + TestSupport.png(8, 6).length));
        given().get("/datasets").then().statusCode(200).body("find { it.name == 'zipped' }.domains.B.count", equalTo(2));
    }

    @Test
    void unknownModelIs404() {
        given().contentType("image/png").body(TestSupport.png(8, 1)).queryParam("model", "no-such-model")
                .post("/translations").then().statusCode(404).body("error", containsString("model 'no-such-model' not found"));
        given().multiPart("image", "x.png", TestSupport.png(8, 1), "image/png").queryParam("model", "no-such-model")
                .post("/translations/async").then().statusCode(404);
        given().contentType("image/png").body(TestSupport.png(8, 1)).queryParam("dataset", "nothing-promoted")
                .post("/translations").then().statusCode(404).body("error", containsString("no model is promoted"));
        given().get("/models/no-such-model").then().statusCode(404);
        given().get("/translations/00000000-0000-0000-0000-000000000000").then().statusCode(404);
    }

    @Test
    void syncAsyncAndBatchTranslationsThroughTheTopics() throws Exception {
        importModel("echo");
        importModel("silent");
        try (FakeTranslateWorker worker = new FakeTranslateWorker("echo", fleet.store())) {
            byte[] input = TestSupport.png(16, 7);
            byte[] out = given().multiPart("image", "in.png", input, "image/png").queryParam("model", "echo")
                    .queryParam("direction", "BtoA").post("/translations")
                    .then().statusCode(200).contentType("image/png").extract().asByteArray();
            assertArrayEquals(input, out);
            TestSupport.find(Topics.TRANSLATE_TASKS, TranslateTask.class, t -> t.modelId().equals("echo")
                    && t.direction() == com.cyclefleet.protocol.Direction.B_TO_A);

            String id = given().contentType("image/png").body(input).queryParam("model", "echo")
                    .post("/translations/async").then().statusCode(202).body("status", equalTo("PENDING"))
                    .extract().path("requestId");
            TestSupport.await("async done", () -> "DONE".equals(given().get("/translations/{id}", id).path("status")));
            assertArrayEquals(input, given().get("/translations/{id}/result", id).then().statusCode(200)
                    .extract().asByteArray());
            String sse = given().accept("text/event-stream").get("/translations/{id}/events", id).then()
                    .statusCode(200).extract().asString();
            assertTrue(sse.contains("event:DONE"), sse);

            // batch: a dataset's domain A into an output prefix
            for (int i = 0; i < 3; i++) {
                given().multiPart("files", "b" + i + ".png", TestSupport.png(8, 10 + i), "image/png")
                        .post("/datasets/batchset/A/images").then().statusCode(201);
            }
            String batchId = given().contentType(ContentType.JSON).body(Map.of("modelId", "echo",
                            "inputPrefix", "datasets/batchset/A/", "outputPrefix", "out/batchset/"))
                    .post("/translations/batches").then().statusCode(202).body("requests", equalTo(3))
                    .extract().path("batchId");
            TestSupport.await("batch done", () -> Integer.valueOf(3).equals(
                    given().get("/translations/batches/{id}", batchId).path("done")));
            assertArrayEquals(TestSupport.png(8, 11), fleet.store().get("out/batchset/b1.png"));

            // nobody serves "silent": the synchronous call times out with 504, and the request stays queued
            given().contentType("image/png").body(input).queryParam("model", "silent").post("/translations")
                    .then().statusCode(504).body("error", containsString("did not finish within"))
                    .body("error", containsString("poll GET /translations/"));
        }
    }

    @TestHTTPResource("/")
    java.net.URL base;

    @Test
    void anIdleEventStreamSendsKeepAliveComments() throws Exception {
        importModel("quiet");
        // nobody serves "quiet": the translation stays pending and its stream idle
        String id = given().contentType("image/png").body(TestSupport.png(16, 3)).queryParam("model", "quiet")
                .post("/translations/async").then().statusCode(202).extract().path("requestId");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> response = http.send(
                java.net.http.HttpRequest.newBuilder(base.toURI().resolve("translations/" + id + "/events"))
                        .header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        java.util.List<String> lines = new java.util.ArrayList<>();
        java.util.concurrent.CompletableFuture<Boolean> sawComment = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> response.body().peek(lines::add).anyMatch(l -> l.startsWith(":")));
        // the test profile sends one every second (cyclefleet.sse.keep-alive)
        assertTrue(sawComment.get(10, java.util.concurrent.TimeUnit.SECONDS), "comment lines: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("event:PENDING")), lines.toString());
        response.body().close();
    }

    @Inject
    com.cyclefleet.coordinator.api.TranslationResource translationResource;

    /**
     * The stream is subscribed after the resource method returns; a result folded in that gap must still end it
     * (CI once waited forever: the history had been read before the live listener was registered).
     */
    @Test
    void eventStreamEndsWhenTheResultLandsBeforeItIsSubscribed() throws Exception {
        importModel("gap");
        String id = given().contentType("image/png").body(TestSupport.png(16, 5)).queryParam("model", "gap")
                .post("/translations/async").then().statusCode(202).extract().path("requestId");
        io.smallrye.mutiny.Multi<jakarta.ws.rs.sse.OutboundSseEvent> stream = translationResource.events(id,
                org.jboss.resteasy.reactive.server.jaxrs.SseImpl.INSTANCE);
        try (org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> worker = TestSupport.producer()) {
            TestSupport.publish(worker, new com.cyclefleet.protocol.TranslationDone(id, "gap", "out/" + id + ".png",
                    5, 1));
        }
        TestSupport.await("done folded", () -> "DONE".equals(given().get("/translations/{id}", id).path("status")));
        java.util.List<String> names = stream.filter(e -> e.getName() != null).map(e -> e.getName())
                .collect().asList().await().atMost(java.time.Duration.ofSeconds(10));
        assertEquals(java.util.List.of("DONE"), names);
    }
}
