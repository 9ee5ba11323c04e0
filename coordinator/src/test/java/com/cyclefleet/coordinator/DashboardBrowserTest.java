package com.cyclefleet.coordinator;

import com.cyclefleet.coordinator.infra.Fleet;
import com.cyclefleet.coordinator.testing.Browser;
import com.cyclefleet.protocol.ChunkDone;
import com.cyclefleet.protocol.ChunkStarted;
import com.cyclefleet.protocol.SamplesWritten;
import com.cyclefleet.protocol.ScalingDecision;
import com.cyclefleet.protocol.WorkerHeartbeat;
import com.cyclefleet.storage.ObjectLayout;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in real chromium against a real broker, S3 server and coordinator. The test plays the training
 * worker over Kafka and S3 (as JobFlowTest does), so it decides when each chunk finishes and can watch the page
 * follow without a reload.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetTestResource.class, restrictToAnnotatedClass = false)
class DashboardBrowserTest {

    private static final String WORKER = "dash-worker-1";
    private static final long CHUNK = 10;
    private static final long TOTAL = 40;
    /** Generous: the coordinator folds an event within milliseconds, but the machine is shared. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long HEARTBEAT_MILLIS = 60_000;
    private static final int SAMPLE_PIXELS = 64;

    private static KafkaProducer<String, byte[]> worker;

    @Inject
    Fleet fleet;

    @TestHTTPResource("/")
    URL root;

    private Browser browser;

    @BeforeAll
    static void startWorker() {
        worker = TestSupport.producer();
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = new Browser();
    }

    @AfterEach
    void closeBrowser() throws Exception {
        browser.close();
    }

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser.driver, WAIT);
    }

    private void assertNoConsoleErrors(String page) {
        assertEquals(List.of(), browser.consoleErrors(), "console errors on " + page);
    }

    /** Writes the loss history up to {@code iteration} and a sample grid, then announces the chunk as done. */
    private void finishChunk(String jobId, int chunkIndex, long iteration) {
        String history = LongStream.rangeClosed(1, iteration).mapToObj(i -> String.format(java.util.Locale.ROOT,
                "{\"iteration\":%d,\"epoch\":1,\"lr\":0.0002,\"dA\":%.3f,\"gA\":%.3f,\"cycleA\":%.3f,\"idtA\":%.3f,"
                        + "\"dB\":%.3f,\"gB\":%.3f,\"cycleB\":%.3f,\"idtB\":%.3f,\"millis\":100.0,\"batchSize\":1}",
                i, 0.5, 1.0 + 1.0 / i, 2.0 / i, 1.0 / i, 0.4, 1.1 + 1.0 / i, 2.5 / i, 1.2 / i))
                .collect(Collectors.joining("\n", "", "\n"));
        fleet.store().put(ObjectLayout.lossHistory(jobId), history.getBytes(StandardCharsets.UTF_8),
                "application/x-ndjson");
        String sample = ObjectLayout.sample(jobId, iteration);
        fleet.store().put(sample, TestSupport.png(SAMPLE_PIXELS, 1), "image/png");
        TestSupport.publish(worker, new SamplesWritten(jobId, iteration, List.of(sample)));
        TestSupport.publish(worker, new ChunkDone(jobId, chunkIndex, iteration, 1, 0.0002,
                Map.of("G_A", 1.0, "D_A", 0.5), 100.0, 1000, WORKER));
    }

    private void waitForPoints(long points) {
        for (String pair : List.of("A", "B")) {
            waiting().until(ExpectedConditions.attributeToBe(By.id("chart-" + pair), "data-points",
                    String.valueOf(points)));
        }
    }

    @Test
    void jobsPageFollowsTrainingLiveAndFleetPageListsTheWorker() throws Exception {
        JobFlowTest.uploadDataset("dash-horses");
        String jobId = JobFlowTest.createJob("dash-horses", null, TOTAL, CHUNK);
        TestSupport.publish(worker, new WorkerHeartbeat(WORKER, List.of("train"), "job " + jobId + " chunk 0",
                System.currentTimeMillis(), HEARTBEAT_MILLIS));
        TestSupport.publish(worker, new ChunkStarted(jobId, 0, 0, WORKER));

        browser.driver.get(url("/"));
        WebElement link = waiting().until(ExpectedConditions.elementToBeClickable(By.linkText(jobId)));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("jobs"), "RUNNING"));
        browser.screenshot("jobs-list");
        assertNoConsoleErrors("the jobs list");

        link.click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("chunk"), WORKER));
        // survives only as long as the page is not reloaded
        browser.driver.executeScript("window.dashNoReload = true;");
        waitForPoints(0);

        finishChunk(jobId, 0, CHUNK);
        waitForPoints(CHUNK);
        TestSupport.publish(worker, new ChunkStarted(jobId, 1, CHUNK, WORKER));
        finishChunk(jobId, 1, 2 * CHUNK);
        waitForPoints(2 * CHUNK);
        assertEquals(Boolean.TRUE, browser.driver.executeScript("return window.dashNoReload === true;"),
                "the curve grew by reloading the page");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("iteration"),
                String.valueOf(2 * CHUNK)));

        List<WebElement> samples = waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(
                "#samples img"), 2));
        HttpClient http = HttpClient.newHttpClient();
        for (WebElement img : samples) {
            waiting().until(d -> ((Number) browser.driver.executeScript(
                    "return arguments[0].complete ? arguments[0].naturalWidth : 0;", img)).intValue() > 0);
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(img.getAttribute("src")))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), "sample grid " + img.getAttribute("src"));
        }
        browser.driver.findElement(By.id("smooth")).click();
        waitForPoints(2 * CHUNK);
        browser.screenshot("job-desktop");
        samples.get(0).click();
        waiting().until(ExpectedConditions.attributeToBeNotEmpty(browser.driver.findElement(By.id("enlarged")),
                "open"));
        browser.screenshot("job-sample-enlarged");
        browser.driver.findElement(By.cssSelector("#enlarged button")).click();
        browser.driver.manage().window().setSize(Browser.PHONE);
        browser.screenshot("job-phone");
        browser.driver.manage().window().setSize(Browser.DESKTOP);
        assertNoConsoleErrors("the job page");

        browser.driver.findElement(By.id("cancel")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("status"), "CANCELLED"));
        assertFalse(browser.driver.findElement(By.id("resume")).isEnabled(), "resume offered for a cancelled job");
        assertNoConsoleErrors("the job page after cancelling");

        TestSupport.publish(worker, new ScalingDecision("translate", 1, 2, 301,
                "scale up: lag 301 over 1 partition(s) asks for 2", System.currentTimeMillis()));
        browser.driver.get(url("/fleet.html"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("workers"), WORKER));
        String row = browser.driver.findElement(By.id("workers")).getText();
        assertTrue(row.contains("train") && row.contains("alive"), "worker row: " + row);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("decisions"), "lag 301"));
        String decision = browser.driver.findElement(By.id("decisions")).getText();
        assertTrue(decision.contains("translate") && decision.contains("1 → 2"), "decision row: " + decision);
        assertFalse(browser.driver.findElement(By.id("no-scaling")).isDisplayed(), "'no decision yet' shown");
        browser.screenshot("fleet");
        assertNoConsoleErrors("the fleet page");
    }

    @Test
    void datasetsPageUploadsIntoEachDomainAndShowsThumbnails() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("dash-upload");
        List<String> files = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            java.nio.file.Path png = dir.resolve("street" + i + ".png");
            java.nio.file.Files.write(png, TestSupport.png(SAMPLE_PIXELS, i));
            files.add(png.toString());
        }
        browser.driver.get(url("/datasets.html"));
        browser.driver.findElement(By.id("new-name")).sendKeys("dash-streets");
        browser.driver.findElement(By.cssSelector("#new-dataset button")).click();
        By boxA = By.cssSelector("section[data-name='dash-streets'] .domain[data-domain='A']");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(boxA, "A: no images"));
        // several files in one pick, as a multi-select or a drop hands them over
        browser.driver.findElement(By.cssSelector("section[data-name='dash-streets'] .drop[data-domain='A'] input"))
                .sendKeys(String.join("\n", files.subList(0, 2)));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"),
                "uploaded 2 image(s) into dash-streets/A"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(boxA, "A: 2 images"));
        browser.driver.findElement(By.cssSelector("section[data-name='dash-streets'] .drop[data-domain='B'] input"))
                .sendKeys(files.get(2));
        By boxB = By.cssSelector("section[data-name='dash-streets'] .domain[data-domain='B']");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(boxB, "B: 1 image,"));

        List<WebElement> thumbs = browser.driver.findElements(By.cssSelector(
                "section[data-name='dash-streets'] img.thumb"));
        assertEquals(3, thumbs.size(), "thumbnails of both domains");
        for (WebElement img : thumbs) {
            waiting().until(d -> ((Number) browser.driver.executeScript(
                    "return arguments[0].complete ? arguments[0].naturalWidth : 0;", img)).intValue()
                    == SAMPLE_PIXELS);
        }
        browser.screenshot("datasets");
        browser.driver.manage().window().setSize(Browser.PHONE);
        browser.screenshot("datasets-phone");
        browser.driver.manage().window().setSize(Browser.DESKTOP);
        assertNoConsoleErrors("the datasets page");

        // a file that is not an image is refused in words, and nothing is added
        java.nio.file.Path text = dir.resolve("notes.png");
        java.nio.file.Files.writeString(text, "not an image");
        browser.driver.findElement(By.cssSelector("section[data-name='dash-streets'] .drop[data-domain='B'] input"))
                .sendKeys(text.toString());
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertTrue(error.getText().contains("HTTP 4"), error.getText());
        assertEquals(1, fleet.store().list("datasets/dash-streets/B/").size(), "the refused file was written");
        browser.consoleErrors();
    }

    @Test
    void unknownJobIsExplainedInWords() throws Exception {
        browser.driver.get(url("/job.html?id=no-such-job"));
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertTrue(error.getText().contains("404"), error.getText());
        browser.screenshot("job-unknown");
        // the failed fetch is the browser's own network log line; nothing the page's scripts threw
        assertTrue(browser.consoleErrors().stream().allMatch(m -> m.contains("404")), "unexpected console errors");
    }
}
