package dev.herald.it.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.it.contracts.EventMap;
import dev.herald.it.observe.Guests.GuestMessage;
import dev.herald.it.observe.Guests.PaymentCaptured;
import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.observability.HistoryQuery;
import dev.herald.runtime.wire.CloudEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.event.Level;

/**
 * Secrets stay out of every place Herald renders a payload: the per-type event log, the failure log,
 * the history, dead-letter views and the bus's own failure events. The test logger writes to
 * {@code System.err} (see logback-test.xml), which this test captures.
 */
@Isolated
@Timeout(60)
class RedactionPathsTest {

  /** The contracts stores used without a bus read and write with. */
  private static final CloudEvents WIRE = CloudEvents.of(EventMap.keys());

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureLogs() {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLogs() {
    System.setErr(originalErr);
  }

  private String logs() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noRenderingShowsASensitiveComponentOrAWithheldPayload() {
    List<String> failureEvents = new CopyOnWriteArrayList<>();
    List<String> rendered = new ArrayList<>();
    try (EventBus bus = EventBus.builder().source("vault").history(50)
        .logLevel("obs:*", Level.INFO).build()) {
      bus.subscribe("herald:#", e -> failureEvents.add(e.payload().toString()));
      bus.subscribe(GuestMessage.class, m -> {
        throw new IllegalStateException("could not send");
      }, SubscribeOptions.named("sms").maxAttempts(1));
      bus.subscribe(PaymentCaptured.class, p -> {
        throw new IllegalStateException("declined");
      }, SubscribeOptions.named("ledger").maxAttempts(1));

      Envelope<GuestMessage> message = bus.publish(Guests.message("c1"));
      bus.publish(new PaymentCaptured(Guests.CARD, 99_00));

      bus.history().query(HistoryQuery.all()).forEach(e -> rendered.add(e.toString()));
      for (DeadLetter letter : bus.deadLetters().list(DeadLetterQuery.all())) {
        rendered.add(letter.toString());
        rendered.add(letter.renderedPayload());
      }

      assertThat(logs()).as("the event log line names the event")
          .contains("obs:message " + message.id())
          .contains("\"content\":\"***\"", "\"phone\":\"***\"")
          .contains("Subscriber sms failed on obs:message");
      assertThat(rendered).hasSizeGreaterThan(4)
          .anySatisfy(line -> assertThat(line).contains("\"name\":\"Ann\""));
      assertThat(failureEvents).isNotEmpty();
    }
    for (String text : concat(List.of(logs()), rendered, failureEvents)) {
      assertThat(text).doesNotContain(Guests.PHONE, Guests.CONTENT, Guests.CARD);
    }
  }

  @Test
  void aDeadLetterTheStoreRefusesIsLoggedRedactedAndTakesTheBusDown(@TempDir Path dir) {
    DeadLetterStore broken = JdbcDeadLetterStore.sqlite(dir.resolve("letters.db"), WIRE);
    broken.close(); // every add now fails
    try (EventBus bus = EventBus.builder().source("lastline").deadLetters(broken).build()) {
      bus.subscribe(GuestMessage.class, m -> {
        throw new IllegalStateException("could not send");
      }, SubscribeOptions.named("sms").maxAttempts(1));

      Envelope<GuestMessage> message = bus.publish(Guests.message("c1"));

      assertThat(logs()).contains("Could not store dead letter")
          .contains("recorded only in this line: Envelope[" + message.id())
          .contains("\"content\":\"***\"")
          .doesNotContain(Guests.PHONE, Guests.CONTENT);
      Health health = bus.health();
      assertThat(health.status()).isEqualTo(Health.Status.DOWN);
      assertThat(health.components().get("deadLetterStore").reason()).contains("last write failed");
    }
  }

  @Test
  void eventsLogAtTheirConfiguredLevelOnALoggerOfTheirOwn() {
    try (EventBus bus = EventBus.builder().source("levels").logLevel("obs:reply", Level.WARN)
        .build()) {
      bus.publish(new Guests.Reply("c1", "see you at nine"));
      bus.publish(Guests.message("c2")); // DEBUG by default: below the test logger's INFO

      assertThat(logs()).contains("WARN herald.events.obs.reply - obs:reply")
          .contains("\"text\":\"see you at nine\"")
          .doesNotContain("herald.events.obs.message");
    }
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return all;
  }
}
