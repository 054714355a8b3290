package dev.ssokit.postgres;

import dev.ssokit.contract.AuditLogContract;
import dev.ssokit.spi.AuditLog;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAuditLogIT extends AuditLogContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected AuditLog newStore() {
    return DB.freshStore().auditLog();
  }
}
