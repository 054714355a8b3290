package dev.ssokit.example.standalone;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link AdminApiScenarios} on the in-memory stores. */
class AdminApiIT extends AdminApiScenarios {
  @BeforeAll
  static void start() throws Exception {
    startServer(Map.of());
  }
}
