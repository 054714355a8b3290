package dev.ssokit.memory;

import dev.ssokit.contract.AuditLogContract;
import dev.ssokit.spi.AuditLog;

class InMemoryAuditLogTest extends AuditLogContract {
  @Override
  protected AuditLog newStore() {
    return new InMemoryAuditLog();
  }
}
