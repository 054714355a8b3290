package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.ssokit.testkit.PostgresSchema;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * {@code SSO_PURGE_INTERVAL}: the standalone server deletes expired refresh tokens and consents
 * from PostgreSQL on its own, and leaves live rows alone.
 */
class PostgresPurgeScheduleIT {
  @RegisterExtension
  static final PostgresSchema DB = new PostgresSchema();

  /** Longest wait for the scheduled purge; its interval below is a small fraction of it. */
  static final long PURGE_WAIT_SECONDS = 30;

  @Test
  void whenRowsExpireThenTheScheduledPurgeDeletesThemAndKeepsLiveOnes() throws Exception {
    // each scheduled run that deleted rows logs how many: the test waits on that, not on a clock
    BlockingQueue<Long> purgedPerRun = new LinkedBlockingQueue<>();
    Logger purgerLog = (Logger) LoggerFactory.getLogger(dev.ssokit.Maintenance.class);
    AppenderBase<ILoggingEvent> listener = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        Object[] args = event.getArgumentArray();
        if (event.getMessage().startsWith("purged") && args != null && args[0] instanceof Long n) {
          purgedPerRun.add(n);
        }
      }
    };
    listener.start();
    purgerLog.addAppender(listener);
    Map<String, String> env = new HashMap<>(DatabaseEnv.of(DB));
    env.put("SSO_PORT", "0");
    env.put("SSO_DEMO", "false");
    env.put("SSO_PURGE_INTERVAL", "PT0.2S");
    try (StandaloneServer server = StandaloneServer.start(env)) {
      try (Connection c = DB.connect(); Statement s = c.createStatement()) {
        c.setAutoCommit(false); // one commit, so one purge run sees all three expired rows
        s.executeUpdate("INSERT INTO sso_refresh_token (token_hash, family_id, client_id, subject, scopes, issued_at,"
            + " expires_at) VALUES"
            + " ('expired-1', 'f1', 'app', 'u', ARRAY['openid'], now() - interval '2 days', now() - interval '1 day'),"
            + " ('expired-2', 'f2', 'app', 'u', ARRAY['openid'], now() - interval '2 days', now() - interval '1 second'),"
            + " ('live', 'f3', 'app', 'u', ARRAY['openid'], now(), now() + interval '1 day')");
        s.executeUpdate("INSERT INTO sso_consent (subject, client_id, scopes, granted_at, expires_at) VALUES"
            + " ('u-expired', 'app', ARRAY['openid'], now() - interval '2 days', now() - interval '1 day'),"
            + " ('u-live', 'app', ARRAY['openid'], now(), now() + interval '1 day'),"
            + " ('u-forever', 'app', ARRAY['openid'], now(), NULL)");
        c.commit();
      }

      long purged = 0;
      while (purged < 3) {
        Long run = purgedPerRun.poll(PURGE_WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(run).as("a scheduled purge within %d s (purged so far: %d)", PURGE_WAIT_SECONDS, purged)
            .isNotNull();
        purged += run;
      }

      assertThat(purged).isEqualTo(3);
      assertThat(DB.queryLong("SELECT count(*) FROM sso_refresh_token WHERE token_hash LIKE 'expired-%'")).isZero();
      assertThat(DB.queryLong("SELECT count(*) FROM sso_refresh_token WHERE token_hash = 'live'")).isEqualTo(1);
      assertThat(DB.queryLong("SELECT count(*) FROM sso_consent WHERE subject = 'u-expired'")).isZero();
      assertThat(DB.queryLong("SELECT count(*) FROM sso_consent WHERE subject IN ('u-live', 'u-forever')"))
          .isEqualTo(2);
      assertThat(server.banner()).anyMatch(line -> line.contains("expired rows purged every PT0.2S"));
    } finally {
      purgerLog.detachAppender(listener);
    }
  }
}
