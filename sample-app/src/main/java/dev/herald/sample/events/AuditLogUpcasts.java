package dev.herald.sample.events;

import dev.herald.annotations.Upcast;

/** How audit entries of older versions are read as today's {@link AuditLog}. */
final class AuditLogUpcasts {

  private AuditLogUpcasts() {}

  /** Version 1 had no severity: it is what version 2 would have given the same action. */
  @Upcast
  static AuditLog toV2(AuditLogV1 old) {
    return new AuditLog(old.action(), old.actorId(), old.actorType(), old.resourceType(),
        old.resourceId(), old.changes(), old.metadata(), old.ip(), old.userAgent(),
        AuditLog.Severity.of(old.action()));
  }
}
