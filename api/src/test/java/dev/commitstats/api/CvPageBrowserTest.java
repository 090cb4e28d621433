package dev.commitstats.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commitstats.api.engine.DuckDbEngine;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The CV and status pages in a real headless Chromium (Debian's chromium and chromium-driver, which
 * {@code ./commitstats test} installs): the page loads, the charts hold the expected numbers,
 * nothing is fetched from elsewhere, no private marker shows, it fits a phone; the screenshots land
 * in {@code target/screenshots/}.
 */
class CvPageBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  static LakeFixture fixture;
  static DuckDbEngine engine;
  static TestServer server;
  static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as(
            "Debian's chromium and chromium-driver are needed: ./commitstats test installs them"
                + " (apt-get install chromium chromium-driver)")
        .isTrue();
    fixture = LakeFixture.get();
    engine = DuckDbEngine.open(fixture.lake, 2, Duration.ofMinutes(10));
    server = new TestServer(engine, ApiSettings.defaults());
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"),
        "--window-size=1280,1800");
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
      engine.close();
    }
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private static void load(String path) {
    driver.get(server.base + path);
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-ready") != null);
    assertThat(driver.findElement(By.tagName("body")).getDomAttribute("data-ready"))
        .as(driver.findElement(By.id("error")).getText())
        .isEqualTo("true");
  }

  private static String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static void screenshot(String name) throws Exception {
    Thread.sleep(1200); // let the charts' entry animation finish (the numbers are final already)
    Path dir = Files.createDirectories(LakeFixture.modulePath("api").resolve("target/screenshots"));
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The data of one series of the ECharts chart in element {@code id}. */
  private static Object series(String id, int index, String map) {
    return js(
        "const c = echarts.getInstanceByDom(document.getElementById('"
            + id
            + "'));"
            + "return c.getOption().series["
            + index
            + "].data.map("
            + map
            + ");");
  }

  @Test
  void theCvPageShowsTheNumbersOfTheApi() throws Exception {
    driver.manage().window().setSize(new Dimension(1280, 1800));
    load("/cv/alice");
    assertThat(text("name")).isEqualTo("Alice Example");
    assertThat(text("t-commits")).isEqualTo("6");
    assertThat(text("t-lines-added")).isEqualTo("18");
    assertThat(text("t-repositories")).isEqualTo("3");
    assertThat(text("t-oss")).isEqualTo("1");
    assertThat(text("as-of")).startsWith("Data as of 20");

    // Languages as GitHub counts them, in linguist's colours; JSON is data: a total of its own.
    assertThat(series("chart-languages", 0, "d => d.name + '=' + d.value + d.itemStyle.color"))
        .isEqualTo(List.of("Python=9#3572A5", "Go=5#00ADD8", "JavaScript=2#f1e05a"));
    assertThat(text("languages-also")).isEqualTo("Besides: 2 lines of configuration and data.");
    assertThat(
            js(
                "return echarts.getInstanceByDom(document.getElementById('chart-weekly'))"
                    + ".getOption().series.map(s => s.name + s.itemStyle.color);"))
        .asList()
        .containsExactlyInAnyOrder(
            "Python#3572A5", "Go#00ADD8", "JavaScript#f1e05a", "Configuration & data#8c959f");
    // Weekly bars: 52 weeks, every line written in them, stacked by language.
    assertThat(
            js(
                "return echarts.getInstanceByDom(document.getElementById('chart-weekly'))"
                    + ".getOption().xAxis[0].data.length"))
        .isEqualTo(52L);
    assertThat(
            js(
                "return echarts.getInstanceByDom(document.getElementById('chart-weekly'))"
                    + ".getOption().series.reduce((s, x) => s + x.data.reduce((a, b) => a + b, 0), 0)"))
        .isEqualTo(18L);
    // Heatmap: commits per ISO week: 4 in week 2 of 2025, 1 in week 6, 1 in week 10.
    assertThat(series("chart-heatmap", 0, "d => d[0] + 1 + ':' + d[2]"))
        .asList()
        .containsExactlyInAnyOrder("2:4", "6:1", "10:1");
    assertThat(series("chart-packages", 0, "d => d[3]")).isEqualTo(List.of(2L));
    var oss = driver.findElements(By.cssSelector("#oss tbody a"));
    assertThat(oss).hasSize(1);
    assertThat(oss.get(0).getDomAttribute("href"))
        .isEqualTo(fixture.ossUrl.replaceAll("\\.git$", ""));

    // Charts drew pixels, and every resource came from this server.
    for (String id :
        List.of("chart-languages", "chart-weekly", "chart-heatmap", "chart-packages")) {
      assertThat(
              (Long)
                  js(
                      "const c = document.querySelector('#"
                          + id
                          + " canvas'); return c ? c.toDataURL().length : 0;"))
          .as(id)
          .isGreaterThan(3000L);
    }
    @SuppressWarnings("unchecked")
    List<String> resources =
        (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name);");
    assertThat(resources).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith(server.base));

    String page = ((String) js("return document.body.innerText;")).toLowerCase(Locale.ROOT);
    for (String marker : LakeFixture.PRIVATE_MARKERS) {
      assertThat(page).doesNotContain(marker.toLowerCase(Locale.ROOT));
    }
    screenshot("cv-alice.png");
  }

  @Test
  void theCvPageFitsAPhone() throws Exception {
    driver.manage().window().setSize(new Dimension(390, 1600));
    load("/cv/alice");
    assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth;"))
        .as("no sideways scrolling on a phone")
        .isTrue();
    assertThat(text("t-commits")).isEqualTo("6");
    screenshot("cv-alice-phone.png");
    driver.manage().window().setSize(new Dimension(1280, 1800));
  }

  @Test
  void aUserWhoseWorkFitsInOneWeekGetsTheWholePage() {
    // Bob's only commit is on a Tuesday: the heatmap asks from that day to the end of its week.
    load("/cv/bob");
    assertThat(text("t-commits")).isEqualTo("1");
    assertThat(series("chart-heatmap", 0, "d => d[0] + 1 + ':' + d[2]")).isEqualTo(List.of("3:1"));
  }

  @Test
  void anUnknownUserShowsTheApisMessage() {
    driver.get(server.base + "/cv/nobody");
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-ready") != null);
    assertThat(text("error")).contains("no user 'nobody'");
  }

  @Test
  void theStatusPageListsTheCollectionWithPrivateRepositoriesMasked() throws Exception {
    driver.manage().window().setSize(new Dimension(1280, 1000));
    driver.get(server.base + "/status");
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(d -> !d.findElements(By.cssSelector("#repos tbody tr")).isEmpty());
    var rows = driver.findElements(By.cssSelector("#repos tbody tr"));
    assertThat(rows).hasSize(3);
    assertThat(rows.stream().map(r -> r.getText()).toList())
        .anySatisfy(t -> assertThat(t).startsWith("private repository"));
    assertThat(text("c-repositories")).isEqualTo("3");
    assertThat(driver.findElements(By.cssSelector("#tables tbody tr")).size())
        .isGreaterThanOrEqualTo(9);
    assertThat(driver.findElements(By.cssSelector("#runs tbody tr"))).hasSize(1);
    String page = ((String) js("return document.body.innerText;")).toLowerCase(Locale.ROOT);
    for (String marker : LakeFixture.PRIVATE_MARKERS) {
      assertThat(page).doesNotContain(marker.toLowerCase(Locale.ROOT));
    }
    screenshot("status.png");
  }

  @Test
  void theDigestPageDrawsEachSectionFromItsOwnDocument() throws Exception {
    driver.manage().window().setSize(new Dimension(1000, 1600));
    driver.get(server.base + "/digest/alice?week=2025-01-08");
    assertThat(driver.getTitle()).startsWith("Week 2025-W02");
    for (String section : List.of("activity", "new", "streak", "rhythm")) {
      assertThat(driver.findElements(By.cssSelector("#" + section + " svg, #" + section + " ul")))
          .as(section)
          .isNotEmpty();
    }
    // the rhythm: Monday to Thursday one commit each, drawn as columns of equal height
    @SuppressWarnings("unchecked")
    List<Object> heights =
        (List<Object>)
            js(
                "return [...document.querySelectorAll('svg.by-weekday rect')]"
                    + ".map(r => Math.round(r.getBBox().height));");
    assertThat(heights).hasSize(7);
    assertThat(heights.subList(0, 4)).allSatisfy(h -> assertThat((Long) h).isGreaterThan(50L));
    assertThat(heights.subList(4, 7)).allSatisfy(h -> assertThat((Long) h).isZero());
    assertThat(text("new")).contains("Python", "left-pad", "oss-lib");
    @SuppressWarnings("unchecked")
    List<String> resources =
        (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name);");
    assertThat(resources).isEmpty(); // one document: nothing else is fetched
    String page = ((String) js("return document.body.innerText;")).toLowerCase(Locale.ROOT);
    assertThat(page).contains("private repository");
    for (String marker : LakeFixture.PRIVATE_MARKERS) {
      assertThat(page).doesNotContain(marker.toLowerCase(Locale.ROOT));
    }
    screenshot("digest-alice.png");

    driver.get(server.base + "/digest/alice?week=2025-01-20");
    assertThat(driver.findElement(By.tagName("body")).getText())
        .contains("A quiet week: no commits.");
    driver.get(server.base + "/digest/alice?week=2999-01-06");
    assertThat(driver.findElement(By.tagName("body")).getText()).contains("in the future");
    driver.manage().window().setSize(new Dimension(1280, 1800));
  }
}
