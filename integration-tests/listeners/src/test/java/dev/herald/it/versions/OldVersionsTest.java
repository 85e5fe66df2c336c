package dev.herald.it.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Invoices.InvoiceIssued;
import dev.herald.it.contracts.Invoices.InvoiceIssuedV1;
import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventQuery;
import dev.herald.runtime.store.EventStore;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents written as version 1 of {@code invoice:issued} reach a subscriber of version 3: from
 * the SQLite event store, from dead letters (SQLite and in memory), and from CloudEvents JSON. Version
 * 1 to 2 runs the {@code @Upcast} method, 2 to 3 the generated copy with defaults.
 */
class OldVersionsTest {

  private static final CloudEvents WIRE = CloudEvents.of(EventMap.keys());
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  /** What version 3 holds for a version 1 invoice of 1250 cents. */
  private static final InvoiceIssued EXPECTED =
      new InvoiceIssued("inv-1", 1250, "EUR", Optional.empty(), 30);

  @TempDir Path dir;

  private static Envelope<InvoiceIssuedV1> version1() {
    return Envelope.of(EventMap.INVOICE_ISSUED, new InvoiceIssuedV1("inv-1", 1250), "evt_inv_1",
        T0, "billing-2019", "req-1", null, "acme", Map.of("region", "eu"));
  }

  @Test
  void theEventStoreReplaysVersion1AsVersion3AndKeepsWhatWasWritten() throws SQLException {
    Path file = dir.resolve("events.db");
    try (EventStore old = JdbcEventStore.sqlite(file, WIRE)) {
      old.append(version1());
    }
    List<Envelope<?>> heard = new CopyOnWriteArrayList<>();
    try (EventStore events = JdbcEventStore.sqlite(file);
         EventBus bus = EventBus.builder().eventStore(events).build()) {
      bus.subscribe("invoice:issued", heard::add);
      List<InvoiceIssued> payloads = new CopyOnWriteArrayList<>();
      bus.subscribe(EventMap.INVOICE_ISSUED_V3, payloads::add);

      assertThat(events.replay(EventQuery.all(), bus::deliver)).isEqualTo(1);

      assertThat(payloads).containsExactly(EXPECTED);
    }
    Envelope<?> envelope = heard.get(0);
    assertThat(envelope.version()).isEqualTo(3);
    assertThat(envelope.id()).isEqualTo("evt_inv_1");
    assertThat(envelope.time()).isEqualTo(T0);
    assertThat(envelope.source()).isEqualTo("billing-2019");
    assertThat(envelope.correlationId()).isEqualTo("req-1");
    assertThat(envelope.tenantId()).isEqualTo("acme");
    assertThat(envelope.headers()).isEqualTo(Map.of("region", "eu"));
    assertThat(storedJson(file, "SELECT envelope FROM herald_events"))
        .as("the store never rewrites history").contains("\"eventversion\":1")
        .contains("\"data\":{\"invoiceId\":\"inv-1\",\"cents\":1250}");
  }

  @Test
  void sqliteDeadLettersOfVersion1ReplayToTheVersion3Subscriber() {
    Path file = dir.resolve("letters.db");
    try (DeadLetterStore old = JdbcDeadLetterStore.sqlite(file, WIRE)) {
      old.add(letter(version1()));
    }
    List<InvoiceIssued> heard = new CopyOnWriteArrayList<>();
    try (DeadLetterStore letters = JdbcDeadLetterStore.sqlite(file);
         EventBus bus = EventBus.builder().deadLetters(letters).build()) {
      bus.subscribe(EventMap.INVOICE_ISSUED_V3, heard::add, SubscribeOptions.named("billing"));

      assertThat(bus.replay(DeadLetterQuery.all())).isEqualTo(1);

      assertThat(heard).containsExactly(EXPECTED);
      assertThat(letters.count(DeadLetterQuery.all())).as("delivered, so deleted").isZero();
    }
  }

  @Test
  void inMemoryDeadLettersOfVersion1ReplayToTheVersion3Subscriber() {
    List<InvoiceIssued> heard = new CopyOnWriteArrayList<>();
    try (EventBus bus = EventBus.builder().build()) {
      bus.deadLetters().add(letter(version1()));
      bus.subscribe(EventMap.INVOICE_ISSUED_V3, heard::add, SubscribeOptions.named("billing"));

      assertThat(bus.replay(DeadLetterQuery.all())).isEqualTo(1);

      assertThat(heard).containsExactly(EXPECTED);
    }
  }

  @Test
  void cloudEventsDecodesVersion1AsVersion3OrAsWritten() {
    byte[] json = WIRE.toJson(version1());
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"eventversion\":1");

    Envelope<?> newest = WIRE.fromJson(json);
    Envelope<?> asWritten = WIRE.asWritten().fromJson(json);

    assertThat(newest.key()).isSameAs(EventMap.INVOICE_ISSUED_V3);
    assertThat(newest.payload()).isEqualTo(EXPECTED);
    assertThat(asWritten.key()).isSameAs(EventMap.INVOICE_ISSUED);
    assertThat(asWritten.payload()).isEqualTo(new InvoiceIssuedV1("inv-1", 1250));
  }

  private static DeadLetter letter(Envelope<?> envelope) {
    return new DeadLetter("dlq_inv_1", envelope, "billing", DeadLetter.Reason.FAILED,
        IllegalStateException.class.getName(), "down", "java.lang.IllegalStateException: down", 3,
        T0.plusSeconds(1), T0.plusSeconds(2));
  }

  private static String storedJson(Path file, String query) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(query)) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }
}
