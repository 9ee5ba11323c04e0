package com.cyclefleet.coordinator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The dashboard's view of a dataset's images: bounded thumbnail lists and images served as stored. */
@QuarkusTest
@QuarkusTestResource(value = FleetTestResource.class, restrictToAnnotatedClass = false)
class DatasetImagesTest {

    @Test
    void thumbnailsListTheDomainsImagesWithURLsThatServeThem() {
        JobFlowTest.uploadDataset("thumbs");
        List<String> urls = given().when().get("/datasets/thumbs/A/thumbnails").then().statusCode(200)
                .body("$", hasSize(2)).body("name", equalTo(List.of("a1.png", "a2.png")))
                .extract().jsonPath().getList("url");
        byte[] served = given().when().get(urls.get(0)).then().statusCode(200).contentType("image/png")
                .header("X-Content-Type-Options", "nosniff").extract().asByteArray();
        assertArrayEquals(TestSupport.png(8, 1), served);
        given().when().get("/datasets/thumbs/B/thumbnails?limit=1").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void badRequestsAreRefusedInWords() {
        JobFlowTest.uploadDataset("thumbs-bad");
        given().when().get("/datasets/thumbs-bad/A/thumbnails?limit=0").then().statusCode(400)
                .body("error", containsString("limit must be between 1 and 12"));
        given().when().get("/datasets/thumbs-bad/A/thumbnails?limit=13").then().statusCode(400);
        given().when().get("/datasets/no-such/A/thumbnails").then().statusCode(404)
                .body("error", containsString("dataset 'no-such' not found"));
        given().when().get("/datasets/thumbs-bad/C/thumbnails").then().statusCode(400);
        given().when().get("/datasets/thumbs-bad/A/images/missing.png").then().statusCode(404)
                .body("error", containsString("has no image 'missing.png'"));
        // an encoded slash or dot-dot must not reach outside the domain's prefix
        given().urlEncodingEnabled(false).when().get("/datasets/thumbs-bad/A/images/..%2F..%2Fjobs%2Fx")
                .then().statusCode(400).body("error", containsString("one path segment"));
        // the server normalises an encoded dot-dot away before routing: it names no image route at all
        given().urlEncodingEnabled(false).when().get("/datasets/thumbs-bad/A/images/%2E%2E")
                .then().statusCode(404);
    }
}
