package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the page tests ({@link PagesInBrowserIT}, {@link AccountJourneyInBrowserIT}):
 * the driver, and on any page an axe-core check of WCAG 2.x A/AA in light and dark mode
 * (prefers-color-scheme emulated through CDP) with a full-page screenshot of each under
 * {@code target/screenshots/<dir>/<page>-<lang>-<scheme>.png}. Violations are collected, not thrown,
 * so one run reports every page's.
 *
 * <p>Needs {@code chromium} and {@code chromedriver} on the PATH (or {@code /usr/bin}); {@code .ci/run}
 * installs them where missing.
 */
final class BrowserChecks implements AutoCloseable {
  /** The WCAG 2.0, 2.1 and 2.2 success criteria of levels A and AA, as axe-core tags its rules. */
  static final List<String> WCAG_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
  static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;
  final List<String> violations = new ArrayList<>();
  private final Path screenshots;
  private final String axe;

  BrowserChecks(Path screenshots) throws IOException {
    this.screenshots = screenshots;
    try (InputStream in = BrowserChecks.class.getResourceAsStream(
        "/META-INF/resources/webjars/axe-core/" + axeVersion() + "/axe.min.js")) {
      assertThat(in).as("axe-core WebJar on the test class path").isNotNull();
      axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ChromeOptions options = new ChromeOptions().addArguments("--headless=new", "--no-sandbox",
        "--disable-dev-shm-usage", "--window-size=800,900", "--lang=en-US");
    Path chromium = Path.of("/usr/bin/chromium");
    if (Files.isExecutable(chromium)) {
      options.setBinary(chromium.toFile());
    }
    ChromeDriverService.Builder service = new ChromeDriverService.Builder();
    Path chromedriver = Path.of("/usr/bin/chromedriver");
    if (Files.isExecutable(chromedriver)) {
      service.usingDriverExecutable(chromedriver.toFile());
    }
    driver = new ChromeDriver(service.build(), options);
    Files.createDirectories(screenshots);
  }

  /** The version directory of the axe-core WebJar (its pom.properties names it). */
  private static String axeVersion() throws IOException {
    try (InputStream in = BrowserChecks.class.getResourceAsStream(
        "/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }

  void awaitHeading(String text) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBe(By.tagName("h1"), text));
  }

  /** Waits until an element with {@code id} is on the page. */
  void await(String id) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
  }

  /** Waits until an element matching the CSS {@code selector} is on the page. */
  void awaitCss(String selector) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(selector)));
  }

  String focusedId() {
    return String.valueOf(driver.executeScript("return document.activeElement && document.activeElement.id;"));
  }

  /** axe-core and a full-page screenshot of the current page, in light and in dark mode. */
  void check(String page, String lang) throws IOException {
    for (String scheme : List.of("light", "dark")) {
      driver.executeCdpCommand("Emulation.setEmulatedMedia",
          Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
      assertThat(driver.executeScript("return matchMedia('(prefers-color-scheme: " + scheme + ")').matches;"))
          .as("emulated " + scheme + " mode").isEqualTo(true);
      if (driver.executeScript("return typeof window.axe;").equals("undefined")) {
        driver.executeScript(axe);
      }
      Object result = driver.executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
            .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
              + v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join('; '))))
            .catch(e => done(['axe failed: ' + e]));
          """, WCAG_AA);
      for (Object violation : (List<?>) result) {
        violations.add(page + "/" + lang + "/" + scheme + ": " + violation);
      }
      Files.write(screenshots.resolve(page + "-" + lang + "-" + scheme + ".png"), fullPage());
    }
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
  }

  /** The whole page as PNG, beyond the window's height (the account page is long). */
  private byte[] fullPage() {
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    double width = ((Number) size.get("width")).doubleValue();
    double height = ((Number) size.get("height")).doubleValue();
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    return Base64.getDecoder().decode((String) shot.get("data"));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
