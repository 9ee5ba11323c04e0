package com.cyclefleet.coordinator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The largest zip the documented limit allows, uploaded to a coordinator with the heap {@code up} gives it
 * (surefire runs these tests with -Xmx512m): it must be accepted whole. The zip is written while it is sent, so
 * the test holds one image of it at a time; the coordinator spools it to disk and reads it entry by entry.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetTestResource.class, restrictToAnnotatedClass = false)
class LargeUploadTest {

    /** Room for the zip's own headers and central directory under the archive limit. */
    private static final long ZIP_OVERHEAD_MARGIN = 1 << 20;
    private static final int ENTRY_HEADER_BYTES = 200;

    @TestHTTPResource("/")
    URL base;

    @Test
    void theLargestAllowedZipIsAcceptedInTheUpHeap() throws Exception {
        long maxArchive = ConfigProvider.getConfig().getValue("cyclefleet.uploads.max-archive-bytes", Long.class);
        long maxImage = ConfigProvider.getConfig().getValue("cyclefleet.uploads.max-image-bytes", Long.class);
        byte[] image = noisePng(maxImage);
        int entries = (int) ((maxArchive - ZIP_OVERHEAD_MARGIN) / (image.length + ENTRY_HEADER_BYTES));
        PipedInputStream body = new PipedInputStream(1 << 20);
        PipedOutputStream sink = new PipedOutputStream(body);
        Thread writer = new Thread(() -> {
            try (ZipOutputStream zip = new ZipOutputStream(sink)) {
                // images are compressed already: storing them is what a zip tool does in effect
                zip.setLevel(Deflater.NO_COMPRESSION);
                for (int i = 0; i < entries; i++) {
                    zip.putNextEntry(new ZipEntry("photos/p" + i + ".png"));
                    zip.write(image);
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "zip-writer");
        writer.start();

        HeapPeak peak = HeapPeak.start();
        long start = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        base.toURI().resolve("datasets/large/A/images"))
                .header("Content-Type", "application/zip").timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(), HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        long sampled = peak.stop();
        writer.join();
        long zipBytes = (long) entries * (image.length + ENTRY_HEADER_BYTES);
        System.out.printf("HEAP large zip (%d entries of %d bytes, about %d MiB, limit %d MiB): %d in %d ms; "
                        + "sampled peak %d MiB, pool peaks %d MiB, baseline %d MiB, max heap %d MiB%n", entries,
                image.length, zipBytes >> 20, maxArchive >> 20, response.statusCode(), millis, sampled >> 20,
                peak.poolPeaks() >> 20, peak.baseline() >> 20, peak.maxHeap() >> 20);
        assertEquals(201, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"count\":" + entries), response.body().substring(0, 200));
        given().get("/datasets/large").then().statusCode(200).body("domains.A.count", equalTo(entries));
    }

    /** A PNG of random pixels (incompressible) just under the byte limit. */
    private static byte[] noisePng(long maxBytes) throws IOException {
        Random random = new Random(1);
        // 3 bytes a pixel stored; PNG cannot compress noise
        int side = (int) Math.sqrt(maxBytes / 3.0) - 1;
        while (true) {
            BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    img.setRGB(x, y, random.nextInt());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            if (out.size() <= maxBytes) {
                return out.toByteArray();
            }
            side--;
        }
    }
}
