package dev.herald.jdbc;

import dev.herald.jdbc.OutboxEntry.State;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of the outbox: its tables, the caller's insert, the relay's claims and outcomes, and the
 * operators' queries. Every method but {@link #insert} runs on the outbox's own connection and
 * synchronizes on its {@link Database}.
 *
 * <p>Claims are exclusive without a lock held across the delivery: one {@code UPDATE} takes rows
 * whose lease is free or expired, stamping them with this instance and a lease end. On PostgreSQL
 * its row selection is {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers take disjoint rows
 * without waiting on each other; on SQLite the statement holds the file's write lock, which
 * serializes claimers just as well. An instance that dies leaves its lease to expire, and another
 * claims the entry again: delivery is at least once.
 */
final class OutboxTable {

  static final String COMPONENT = "outbox";
  static final int SCHEMA_VERSION = 1;
  private static final String COLUMNS = "seq, event_id, event_type, ordering_key, state, attempts,"
      + " last_error, created_at, next_attempt_at, completed_at";
  /** Errors longer than this many characters are cut. */
  static final int MAX_ERROR = 4 * 1024;

  private final Database database;

  OutboxTable(Database database) {
    this.database = database;
    String key = database.dialect().rowKey();
    database.migrate(COMPONENT, SCHEMA_VERSION,
        "CREATE TABLE IF NOT EXISTS herald_outbox (seq " + key + ","
            + " event_id VARCHAR(64) NOT NULL UNIQUE, event_type VARCHAR(255) NOT NULL,"
            + " ordering_key VARCHAR(512), envelope TEXT NOT NULL, state VARCHAR(16) NOT NULL,"
            + " attempts INTEGER NOT NULL, created_at VARCHAR(32) NOT NULL,"
            + " next_attempt_at VARCHAR(32) NOT NULL, lease_owner VARCHAR(128),"
            + " lease_until VARCHAR(32), last_error TEXT, first_failure VARCHAR(32),"
            + " completed_at VARCHAR(32))",
        // One index serves the claim (pending rows in publish order), the counts per state and
        // the oldest pending entry; the key index holds only ordered entries. Every index costs
        // each publish a B-tree insert in the caller's transaction.
        "CREATE INDEX IF NOT EXISTS herald_outbox_state ON herald_outbox (state, seq)",
        "CREATE INDEX IF NOT EXISTS herald_outbox_key ON herald_outbox (ordering_key, seq)"
            + " WHERE ordering_key IS NOT NULL",
        "CREATE TABLE IF NOT EXISTS herald_outbox_archive (event_id VARCHAR(64) PRIMARY KEY,"
            + " seq BIGINT NOT NULL, event_type VARCHAR(255) NOT NULL,"
            + " ordering_key VARCHAR(512), envelope TEXT NOT NULL, attempts INTEGER NOT NULL,"
            + " created_at VARCHAR(32) NOT NULL, completed_at VARCHAR(32) NOT NULL)",
        "CREATE INDEX IF NOT EXISTS herald_outbox_archive_completed"
            + " ON herald_outbox_archive (completed_at)");
  }

  String description() {
    return database.description();
  }

  /** Writes a pending entry on the caller's connection, in the caller's transaction. */
  static void insert(Connection connection, String eventId, String eventType, String orderingKey,
      String json, Instant now) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO herald_outbox"
        + " (event_id, event_type, ordering_key, envelope, state, attempts, created_at,"
        + " next_attempt_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)")) {
      String at = Database.sortable(now);
      insert.setString(1, eventId);
      insert.setString(2, eventType);
      insert.setString(3, orderingKey);
      insert.setString(4, json);
      insert.setString(5, at);
      insert.setString(6, at);
      insert.executeUpdate();
    }
  }

  /** An entry the relay claimed, with the attempt it is on. */
  record Claimed(long seq, String eventId, String eventType, int attempt, String json,
      String firstFailure) {}

  /**
   * Claims up to {@code limit} due entries for {@code owner} until {@code leaseUntil}, counting an
   * attempt on each. With an ordering key, only the oldest pending entry of its key is due, so a key
   * waits for its head (also while the head backs off) and other keys go on.
   */
  List<Claimed> claim(String owner, Instant now, Instant leaseUntil, int limit) {
    String at = Database.sortable(now);
    String sql = "UPDATE herald_outbox SET lease_owner = ?, lease_until = ?,"
        + " attempts = attempts + 1 WHERE seq IN (SELECT o.seq FROM herald_outbox o"
        + " WHERE o.state = 'PENDING' AND o.next_attempt_at <= ?"
        + " AND (o.lease_until IS NULL OR o.lease_until < ?)"
        + " AND (o.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM herald_outbox p"
        + " WHERE p.ordering_key = o.ordering_key AND p.seq < o.seq AND p.state = 'PENDING'))"
        + " ORDER BY o.seq LIMIT ?" + database.dialect().skipLocked() + ")"
        + " AND (lease_until IS NULL OR lease_until < ?)"
        + " RETURNING seq, event_id, event_type, attempts, envelope, first_failure";
    return run("claim outbox entries", () -> {
      try (PreparedStatement claim = database.connection().prepareStatement(sql)) {
        claim.setString(1, owner);
        claim.setString(2, Database.sortable(leaseUntil));
        claim.setString(3, at);
        claim.setString(4, at);
        claim.setInt(5, limit);
        claim.setString(6, at);
        List<Claimed> claimed = new ArrayList<>();
        try (ResultSet rows = claim.executeQuery()) {
          while (rows.next()) {
            claimed.add(new Claimed(rows.getLong(1), rows.getString(2), rows.getString(3),
                rows.getInt(4), rows.getString(5), rows.getString(6)));
          }
        }
        claimed.sort((a, b) -> Long.compare(a.seq, b.seq)); // RETURNING promises no order
        return claimed;
      }
    });
  }

  /**
   * Completes delivered entries in one transaction, as {@code completion} says. Entries are named by
   * event id: on SQLite a deleted row's {@code seq} may be given to a newer entry.
   */
  void complete(List<String> eventIds, OutboxCompletion completion, Instant now) {
    if (eventIds.isEmpty()) {
      return;
    }
    String in = placeholders(eventIds.size());
    run("complete outbox entries", () -> {
      Connection connection = database.connection();
      connection.setAutoCommit(false);
      try {
        if (completion == OutboxCompletion.ARCHIVE) {
          try (PreparedStatement archive = connection.prepareStatement(
              "INSERT INTO herald_outbox_archive (seq, event_id, event_type, ordering_key,"
                  + " envelope, attempts, created_at, completed_at) SELECT seq, event_id,"
                  + " event_type, ordering_key, envelope, attempts, created_at, ? FROM"
                  + " herald_outbox WHERE event_id IN " + in
                  + " ON CONFLICT (event_id) DO NOTHING")) { // a lease lost and taken: sent twice
            archive.setString(1, Database.sortable(now));
            bind(archive, 2, eventIds);
            archive.executeUpdate();
          }
        }
        String sql = completion == OutboxCompletion.MARK
            ? "UPDATE herald_outbox SET state = 'COMPLETED', completed_at = ?, lease_owner = NULL,"
                + " lease_until = NULL, last_error = NULL WHERE event_id IN " + in
            : "DELETE FROM herald_outbox WHERE event_id IN " + in;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          int first = 1;
          if (completion == OutboxCompletion.MARK) {
            statement.setString(first++, Database.sortable(now));
          }
          bind(statement, first, eventIds);
          statement.executeUpdate();
        }
        connection.commit();
        return null;
      } catch (SQLException | RuntimeException e) {
        database.rollback(e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    });
  }

  /** Releases an entry whose attempt failed, to be tried again at {@code next}. */
  void retryLater(Claimed entry, String error, Instant now, Instant next) {
    run("record a failed outbox attempt", () -> {
      try (PreparedStatement update = database.connection().prepareStatement(
          "UPDATE herald_outbox SET lease_owner = NULL, lease_until = NULL, last_error = ?,"
              + " next_attempt_at = ?, first_failure = COALESCE(first_failure, ?)"
              + " WHERE event_id = ?")) {
        update.setString(1, error);
        update.setString(2, Database.sortable(next));
        update.setString(3, Database.sortable(now));
        update.setString(4, entry.eventId);
        return update.executeUpdate();
      }
    });
  }

  /** Marks an entry failed for good after its last attempt. */
  void fail(Claimed entry, String error, Instant now) {
    run("mark an outbox entry failed", () -> {
      try (PreparedStatement update = database.connection().prepareStatement(
          "UPDATE herald_outbox SET state = 'FAILED', lease_owner = NULL, lease_until = NULL,"
              + " last_error = ?, first_failure = COALESCE(first_failure, ?) WHERE event_id = ?")) {
        update.setString(1, error);
        update.setString(2, Database.sortable(now));
        update.setString(3, entry.eventId);
        return update.executeUpdate();
      }
    });
  }

  /** The entries matching {@code query}, oldest first. */
  List<OutboxEntry> entries(OutboxQuery query) {
    Where where = new Where();
    StringBuilder states = new StringBuilder();
    for (State state : State.values()) {
      if (query.states().contains(state)) {
        states.append(states.length() == 0 ? "" : ", ").append('\'').append(state).append('\'');
      }
    }
    where.and("state IN (" + states + ")");
    if (query.publishedBefore() != null) {
      where.and("created_at < ?", Database.sortable(query.publishedBefore()));
    }
    where.typeRange("event_type", query.typePattern());
    String sql = "SELECT " + COLUMNS + " FROM herald_outbox" + where + " ORDER BY seq";
    return run("list outbox entries", () -> {
      List<OutboxEntry> entries = new ArrayList<>();
      try (PreparedStatement select = database.connection().prepareStatement(sql)) {
        where.bind(select);
        try (ResultSet rows = select.executeQuery()) {
          while (entries.size() < query.limit() && rows.next()) {
            if (query.matchesType(rows.getString(3))) {
              entries.add(new OutboxEntry(rows.getLong(1), rows.getString(2), rows.getString(3),
                  rows.getString(4), State.valueOf(rows.getString(5)), rows.getInt(6),
                  rows.getString(7), instant(rows.getString(8)), instant(rows.getString(9)),
                  instant(rows.getString(10))));
            }
          }
        }
      }
      return entries;
    });
  }

  /** Makes {@code entries} pending again, due now, with their attempts reset. */
  int resubmit(List<OutboxEntry> entries, Instant now) {
    if (entries.isEmpty()) {
      return 0;
    }
    List<String> ids = entries.stream().map(OutboxEntry::eventId).toList();
    return run("resubmit outbox entries", () -> {
      try (PreparedStatement update = database.connection().prepareStatement(
          "UPDATE herald_outbox SET state = 'PENDING', attempts = 0, next_attempt_at = ?,"
              + " lease_owner = NULL, lease_until = NULL, first_failure = NULL,"
              + " completed_at = NULL WHERE event_id IN " + placeholders(ids.size()))) {
        update.setString(1, Database.sortable(now));
        bind(update, 2, ids);
        return update.executeUpdate();
      }
    });
  }

  /** Counts per state and the oldest pending entry's publish time (the first in publish order). */
  OutboxStats stats(Instant now) {
    return run("count outbox entries", () -> {
      Map<String, Long> counts = new HashMap<>();
      String oldest = null;
      try (Statement statement = database.connection().createStatement()) {
        try (ResultSet rows = statement.executeQuery(
            "SELECT state, COUNT(*) FROM herald_outbox GROUP BY state")) {
          while (rows.next()) {
            counts.put(rows.getString(1), rows.getLong(2));
          }
        }
        try (ResultSet rows = statement.executeQuery("SELECT created_at FROM herald_outbox"
            + " WHERE state = 'PENDING' ORDER BY seq LIMIT 1")) {
          if (rows.next()) {
            oldest = rows.getString(1);
          }
        }
      }
      Duration age = oldest == null ? Duration.ZERO
          : Duration.between(instant(oldest), now);
      return new OutboxStats(counts.getOrDefault("PENDING", 0L),
          counts.getOrDefault("FAILED", 0L), counts.getOrDefault("COMPLETED", 0L),
          age.isNegative() ? Duration.ZERO : age);
    });
  }

  /** Deletes completed and archived rows completed before {@code before}; returns how many. */
  int sweep(Instant before) {
    String at = Database.sortable(before);
    return run("sweep the outbox", () -> {
      int deleted = 0;
      for (String sql : List.of(
          "DELETE FROM herald_outbox WHERE state = 'COMPLETED' AND completed_at < ?",
          "DELETE FROM herald_outbox_archive WHERE completed_at < ?")) {
        try (PreparedStatement delete = database.connection().prepareStatement(sql)) {
          delete.setString(1, at);
          deleted += delete.executeUpdate();
        }
      }
      return deleted;
    });
  }

  void close() {
    synchronized (database) {
      database.close();
    }
  }

  private <T> T run(String what, Database.Work<T> work) {
    synchronized (database) {
      try {
        return database.retrying(what, work);
      } catch (SQLException e) {
        throw database.failure(what, e);
      }
    }
  }

  private static String placeholders(int count) {
    return "(" + "?, ".repeat(count - 1) + "?)";
  }

  private static void bind(PreparedStatement statement, int first, List<String> values)
      throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      statement.setString(first + i, values.get(i));
    }
  }

  private static Instant instant(String sortable) {
    return sortable == null ? null : Instant.parse(sortable);
  }
}
