package dev.herald.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.sample.events.Channel;
import dev.herald.sample.events.ConversationAssigned;
import dev.herald.sample.events.ConversationEscalated;
import dev.herald.sample.events.EscalationReason;
import dev.herald.sample.events.EventMap;
import dev.herald.sample.events.MessageReceived;
import dev.herald.sample.events.MessageSent;
import dev.herald.sample.events.Priority;
import dev.herald.sample.events.TaskAssigned;
import dev.herald.sample.events.TaskCreated;
import dev.herald.sample.events.TaskType;
import dev.herald.sample.simulation.GuestPlan;
import dev.herald.test.EventRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An angry VIP writes at ten in the morning: the AI escalates, the task board opens a task and
 * gives it to the duty manager, and the guest is told who is coming, all in one correlation.
 */
@Timeout(60)
class EscalationScenarioTest {

  private static final GuestPlan VIP = TestHotels.guest("gb", 1, Channel.WHATSAPP, true);
  private static final GuestPlan REGULAR = TestHotels.guest("gb", 2, Channel.SMS, false);

  @TempDir
  Path dir;

  private ConciergeSystem system;
  private EventBus bus;
  private EventRecorder recorder;

  @BeforeEach
  void openTheHotelAndRunToTen() throws Exception {
    system = TestHotels.system(dir.resolve("jack.db"), TestHotels.hotels(1, List.of(VIP, REGULAR)),
        List.of());
    bus = system.bus();
    system.start();
    system.runUntil(TestHotels.at(10, 0), at -> { });
    recorder = EventRecorder.attach(bus);
  }

  @AfterEach
  void close() {
    recorder.close();
    system.close();
  }

  private Envelope<MessageReceived> write(GuestPlan guest, String... lines) throws Exception {
    List<Envelope<MessageReceived>> sent = system.hotel("grand-budapest").gateway()
        .receive(guest, List.of(lines), false);
    assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
    return sent.get(sent.size() - 1);
  }

  @Test
  void anAngryVipIsEscalatedATaskIsAssignedAndTheGuestIsTold() throws Exception {
    Envelope<MessageReceived> message = write(VIP,
        "I am very disappointed, the air conditioning is still not working!");
    String correlation = message.correlationId();

    Envelope<ConversationEscalated> escalated = single(recorder.envelopes(
        EventMap.CONVERSATION_ESCALATED));
    assertThat(escalated.payload().reason()).isEqualTo(EscalationReason.COMPLAINT);
    assertThat(escalated.payload().priority()).as("a VIP's complaint").isEqualTo(Priority.CRITICAL);
    assertThat(escalated.payload().context().lastMessages())
        .containsExactly(message.payload().content());

    Envelope<TaskCreated> task = single(recorder.envelopes(EventMap.TASK_CREATED));
    assertThat(task.payload().type()).isEqualTo(TaskType.COMPLAINT);
    assertThat(task.payload().conversationId()).isEqualTo(message.payload().conversationId());
    assertThat(task.payload().dueAt()).isEqualTo(TestHotels.at(10, 15));

    Envelope<TaskAssigned> assigned = single(recorder.envelopes(EventMap.TASK_ASSIGNED));
    assertThat(assigned.payload().taskId()).isEqualTo(task.payload().taskId());
    String manager = system.setup().hotels().get(0).staff().stream()
        .filter(s -> s.role().equals("manager") && s.onDutyAt(10 * 60))
        .findFirst().orElseThrow().staffId();
    assertThat(assigned.payload().staffId()).as("the duty manager").isEqualTo(manager);

    Envelope<ConversationAssigned> handedOver =
        single(recorder.envelopes(EventMap.CONVERSATION_ASSIGNED));
    Envelope<MessageSent> told = recorder.envelopes(EventMap.MESSAGE_SENT).stream()
        .filter(e -> e.payload().messageId().startsWith("h-"))
        .collect(onlyOne());
    assertThat(told.payload().guestId()).isEqualTo(VIP.guestId());
    assertThat(told.payload().content()).contains("look after this personally");

    // One correlation from the guest's words to the reply, each step caused by the one before.
    for (Envelope<?> step : List.of(escalated, task, assigned, handedOver, told)) {
      assertThat(step.correlationId()).as(step.type()).isEqualTo(correlation);
      assertThat(step.tenantId()).as(step.type()).isEqualTo("grand-budapest");
    }
    assertThat(task.causationId()).isEqualTo(escalated.id());
    assertThat(assigned.causationId()).isEqualTo(task.id());
    assertThat(handedOver.causationId()).isEqualTo(task.id());
    assertThat(told.causationId()).isEqualTo(handedOver.id());
    assertThat(recorder.correlatedWith(correlation)).extracting(Envelope::type)
        .contains("ai:intent:classified", "ai:escalation:triggered", "message:delivered");
  }

  @Test
  void theTaskIsDoneLaterAndTheGuestHearsItFromTheStaffMember() throws Exception {
    Envelope<MessageReceived> message = write(VIP, "The noise from next door is unacceptable!");
    TaskAssigned assigned = single(recorder.envelopes(EventMap.TASK_ASSIGNED)).payload();

    system.runUntil(TestHotels.at(12, 0), at -> { });

    var done = single(recorder.envelopes(EventMap.TASK_COMPLETED));
    assertThat(done.payload().completedBy()).isEqualTo(assigned.staffId());
    assertThat(done.correlationId()).as("a scheduled job continues the flow explicitly")
        .isEqualTo(message.correlationId());
    assertThat(recorder.payloads(EventMap.MESSAGE_SENT))
        .anySatisfy(sent -> {
          assertThat(sent.sentBy()).isEqualTo(MessageSent.SentBy.STAFF);
          assertThat(sent.staffId()).isEqualTo(assigned.staffId());
        });
    assertThat(recorder.payloads(EventMap.CONVERSATION_RESOLVED)).singleElement()
        .satisfies(resolved -> assertThat(resolved.conversationId())
            .isEqualTo(message.payload().conversationId()));
  }

  @Test
  void aQuestionIsAnsweredWithoutAPerson() throws Exception {
    Envelope<MessageReceived> message = write(REGULAR, "What time is checkout?");

    recorder.assertNotPublished(EventMap.CONVERSATION_ESCALATED)
        .assertNotPublished(EventMap.TASK_CREATED);
    assertThat(recorder.payloads(EventMap.MESSAGE_SENT)).singleElement()
        .satisfies(reply -> assertThat(reply.content()).contains("11:00"));
    assertThat(recorder.payloads(EventMap.AI_INTENT_CLASSIFIED)).singleElement()
        .satisfies(intent -> assertThat(intent.intent()).isEqualTo("inquiry.checkout"));
    assertThat(recorder.correlatedWith(message.correlationId())).hasSizeGreaterThan(4);
  }

  @Test
  void aConversationsMessagesAreReadAndAnsweredInOrder() throws Exception {
    write(REGULAR, "What's the wifi password?", "When is breakfast served?",
        "Is the pool open today?", "Where can I park the car?");

    String message = "m-" + REGULAR.guestId() + "-";
    assertThat(recorder.payloads(EventMap.AI_INTENT_CLASSIFIED))
        .extracting(i -> i.messageId())
        .containsExactly(message + 1, message + 2, message + 3, message + 4);
    // ORDERED per conversation: the provider delivers replies in order, retries and all.
    assertThat(recorder.payloads(EventMap.MESSAGE_DELIVERED))
        .extracting(d -> d.messageId())
        .containsExactly("r-" + message + 1, "r-" + message + 2, "r-" + message + 3,
            "r-" + message + 4);
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
    return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
        EscalationScenarioTest::single);
  }
}
