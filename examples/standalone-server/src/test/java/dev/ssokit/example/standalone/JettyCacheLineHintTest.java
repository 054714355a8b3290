package dev.ssokit.example.standalone;

import static dev.ssokit.example.standalone.StandaloneServer.JETTY_REFERENCES_PER_CACHE_LINE;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The start tells Jetty what it would otherwise ask the platform MBean server: references per cache line,
 * 64 bytes over 4 with compressed references and over 8 without.
 */
class JettyCacheLineHintTest {
  private final String before = System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(JETTY_REFERENCES_PER_CACHE_LINE);
    } else {
      System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, before);
    }
  }

  @Test
  void theHintIsWhatTheMBeanServerWouldHaveAnswered() {
    System.clearProperty(JETTY_REFERENCES_PER_CACHE_LINE);
    StandaloneServer.jettyCacheLineHint();
    // Jetty's own question (MemoryUtils): the HotSpot flag through JMX
    boolean compressed = Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .getVMOption("UseCompressedOops").getValue());
    assertThat(System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE)).isEqualTo(compressed ? "16" : "8");
  }

  @Test
  void anOperatorsValueIsKept() {
    System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, "32");
    StandaloneServer.jettyCacheLineHint();
    assertThat(System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE)).isEqualTo("32");
  }
}
