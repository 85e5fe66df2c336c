package dev.herald.sample.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.sample.events.EventMap;
import dev.herald.sample.events.Priority;
import dev.herald.sample.events.TaskCreated;
import dev.herald.sample.events.TaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}):
 * sign-in, live events, hotel isolation, resume after a dropped connection, dead-letter replay.
 */
class DashboardBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static EventBus bus;
  private static LiveDashboard dashboard;
  private static WebDriver browser;
  private static final AtomicInteger concierge = new AtomicInteger();

  @BeforeAll
  static void start() {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "apt-get install chromium chromium-driver to run the browser tests");
    bus = EventBus.builder().source("dashboard-test").build();
    // A concierge desk that fails each task of the grand hotel the first time it sees it.
    bus.subscribe(EventMap.TASK_CREATED, task -> {
      if (task.title().startsWith("Broken") && concierge.getAndIncrement() == 0) {
        throw new IllegalStateException("the concierge desk is offline");
      }
    }, SubscribeOptions.named("concierge-desk").tenant("grand").maxAttempts(1));
    dashboard = new LiveDashboard(bus, List.of("grand", "plaza"), "127.0.0.1", 0);
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--window-size=1400,900");
    browser = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build(), options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    if (bus != null) {
      bus.close();
    }
  }

  @Test
  void staffSeeTheirHotelLiveResumeWithoutAGapAndReplayADeadLetter() throws Exception {
    String grandTab = browser.getWindowHandle();
    signIn("grand");
    publishTask("grand", "t-1", "Towels for room 12");
    publishTask("plaza", "p-1", "Plaza secret task");
    awaitText("tasks", "Towels for room 12");
    awaitCount("[data-type='ws:client:authenticated']", 1);

    // A second hotel's page never sees the first's events, nor the first the second's.
    browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    signIn("plaza");
    awaitText("tasks", "Plaza secret task");
    publishTask("grand", "t-2", "Late checkout 14");
    publishTask("plaza", "p-2", "Plaza second task");
    awaitText("tasks", "Plaza second task");
    assertThat(text("stream") + text("tasks")).doesNotContain("t-1", "t-2", "Towels");
    browser.switchTo().window(grandTab);
    awaitText("tasks", "Late checkout 14");
    assertThat(text("tasks")).doesNotContain("Plaza");

    // The connection drops; what happens meanwhile arrives once, in order, on reconnect.
    js("window.dashboard.pause()");
    awaitText("status", "reconnecting");
    for (int i = 3; i <= 6; i++) {
      publishTask("grand", "t-" + i, "While away " + i);
    }
    js("window.dashboard.resume()");
    awaitText("tasks", "While away 6");
    for (int i = 3; i <= 6; i++) {
      assertThat(browser.findElements(By.cssSelector("#tasks li[data-id='t-" + i + "']")))
          .as("task t-%d once", i).hasSize(1);
    }
    @SuppressWarnings("unchecked")
    List<String> order = (List<String>) js("return [...document.querySelectorAll("
        + "'#stream li[data-type=\"task:created\"]')].map(li => li.textContent)");
    assertThat(String.join("\n", order)).containsSubsequence("While away 6", "While away 5",
        "While away 4", "While away 3", "Late checkout 14", "Towels for room 12");
    assertThat((Long) js("return window.dashboard.state.seen.size")).isEqualTo(
        (Long) js("return document.querySelectorAll('#stream li').length"));

    // A dead letter shows on the page; its Replay button delivers it.
    publishTask("grand", "t-7", "Broken kettle");
    WebElement replay = new WebDriverWait(browser, WAIT).until(d -> d.findElements(
        By.cssSelector("#dead-letters button.replay")).stream().findFirst().orElse(null));
    screenshot();
    replay.click();
    new WebDriverWait(browser, WAIT).until(d -> d.findElements(
        By.cssSelector("#dead-letters button.replay")).isEmpty());
    assertThat(concierge.get()).as("the concierge desk saw the task again").isEqualTo(2);
    assertThat(bus.deadLetters().list(dev.herald.runtime.deadletter.DeadLetterQuery.all()))
        .noneMatch(letter -> "grand".equals(letter.envelope().tenantId()));
    awaitText("health", "web-bridge");
  }

  private static void signIn(String hotel) {
    browser.get(dashboard.uri().toString());
    new WebDriverWait(browser, WAIT).until(d -> !new Select(d.findElement(By.id("hotel")))
        .getOptions().isEmpty());
    new Select(browser.findElement(By.id("hotel"))).selectByValue(hotel);
    browser.findElement(By.id("passcode")).sendKeys(LiveDashboard.PASSCODE);
    browser.findElement(By.id("signin")).click();
    awaitText("status", "live");
  }

  private static void publishTask(String hotel, String id, String title) {
    bus.publish(new TaskCreated(id, null, null, TaskType.SERVICE_REQUEST, Priority.HIGH, title,
        null, null, TaskCreated.CreatedBy.STAFF), Metadata.builder().tenant(hotel).build());
  }

  private static Object js(String script) {
    return ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(script);
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static void awaitText(String id, String expected) {
    new WebDriverWait(browser, WAIT).withMessage(() -> "#" + id + " to show '" + expected
        + "', it shows '" + text(id) + "'").until(d -> text(id).contains(expected));
  }

  private static void awaitCount(String css, int count) {
    new WebDriverWait(browser, WAIT).until(d -> d.findElements(By.cssSelector(css)).size()
        >= count);
  }

  private static void screenshot() throws Exception {
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", "dashboard.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
  }
}
