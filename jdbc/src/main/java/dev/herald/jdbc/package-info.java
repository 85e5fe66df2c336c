/**
 * Herald on JDBC: the event store ({@link dev.herald.jdbc.JdbcEventStore}), the dead-letter store
 * ({@link dev.herald.jdbc.JdbcDeadLetterStore}) and the transactional outbox
 * ({@link dev.herald.jdbc.Outbox}), on SQLite (a file is the embedded default) and PostgreSQL. The
 * SQL dialect is chosen from the connection's metadata; other databases are refused by name.
 *
 * <p>Every store keeps one connection for its lifetime, creates its tables on first use and records
 * their version in a {@code herald_schema} table; a database whose tables a newer Herald wrote is
 * refused with a {@link dev.herald.runtime.store.StoreException}. Stored events are CloudEvents 1.0
 * JSON, written and read with the contracts of the bus the store is given to (or those it was
 * created with), so a store is readable only for the contracts it knows.
 *
 * <p>A SQLite file is opened in WAL mode with a busy timeout, and every write is retried for a while
 * when another process holds the file's lock, so several threads and processes may share one file.
 * Dead letters and per-event appends are committed with {@code synchronous=FULL} (forced to disk
 * before the call returns). A group-commit event store uses {@code synchronous=NORMAL}: a committed
 * group survives a crash of the process, not necessarily of the machine; the group-commit option
 * already gives up durability of the last few milliseconds for throughput, and a forced write per
 * group would cost more than the group saves. On PostgreSQL, serialization failures and deadlocks
 * are retried the same way, and migrations take an advisory lock so that instances starting
 * together create the tables once.
 *
 * <p>The PostgreSQL driver is not a dependency of this module: add {@code org.postgresql:postgresql}
 * (any 42.x) to your application.
 */
package dev.herald.jdbc;
