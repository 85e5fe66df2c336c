package dev.herald.sample.hotel;

import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.sample.events.Change;
import dev.herald.sample.events.Channel;
import dev.herald.sample.events.ConversationAssigned;
import dev.herald.sample.events.ConversationCreated;
import dev.herald.sample.events.ConversationEscalated;
import dev.herald.sample.events.ConversationResolved;
import dev.herald.sample.events.ConversationUpdated;
import dev.herald.sample.events.MessageReceived;
import dev.herald.sample.events.MessageSent;
import dev.herald.sample.events.StaffOnline;
import dev.herald.sample.events.TaskCompleted;
import dev.herald.sample.events.TaskCreated;
import dev.herald.sample.simulation.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps each conversation's state (open, escalated, with a person, resolved), tells the guest who is
 * taking care of them and when their request is done, and closes conversations that went quiet.
 */
public final class Conversations {

  /** How long a conversation may stay quiet, with nothing pending, before it is closed. */
  static final Duration IDLE = Duration.ofMinutes(45);

  /** Where a conversation stands; published in lower case as {@code conversation:updated}. */
  private enum Status {
    ACTIVE,
    ESCALATED,
    ASSIGNED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final class Conversation {
    final String id;
    final String guestId;
    final Channel channel;
    final Instant startedAt;
    final Set<String> openTasks = ConcurrentHashMap.newKeySet();
    volatile Envelope<MessageReceived> lastInbound;
    volatile int inbound;
    volatile Status status = Status.ACTIVE;
    volatile String staffId;
    final AtomicInteger messages = new AtomicInteger();

    final AtomicInteger handovers = new AtomicInteger();

    Conversation(Envelope<ConversationCreated> created) {
      this.id = created.payload().conversationId();
      this.guestId = created.payload().guestId();
      this.channel = created.payload().channel();
      this.startedAt = created.time();
    }
  }

  private final EventBus bus;
  private final Scheduler scheduler;
  private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
  private final Map<String, String> taskConversations = new ConcurrentHashMap<>();
  private final Map<String, String> staffNames = new ConcurrentHashMap<>();

  public Conversations(EventBus bus, Scheduler scheduler) {
    this.bus = bus;
    this.scheduler = scheduler;
  }

  /** The gateway opens a conversation before its first message, on the gateway's thread. */
  @Subscribe
  void created(Envelope<ConversationCreated> envelope) {
    Conversation conversation = new Conversation(envelope);
    conversations.put(conversation.id, conversation);
  }

  @Subscribe
  void received(Envelope<MessageReceived> envelope) {
    Conversation conversation = conversations.get(envelope.payload().conversationId());
    if (conversation == null) {
      return; // closed meanwhile
    }
    conversation.messages.incrementAndGet();
    conversation.inbound++;
    conversation.lastInbound = envelope;
    scheduleIdleCheck(conversation, envelope.time(), "message");
  }

  @Subscribe
  void sent(MessageSent message) {
    Conversation conversation = conversations.get(message.conversationId());
    if (conversation != null) {
      conversation.messages.incrementAndGet();
    }
  }

  @Subscribe
  void escalated(ConversationEscalated escalation) {
    changeStatus(escalation.conversationId(), Status.ESCALATED);
  }

  @Subscribe
  void taskOpened(TaskCreated task) {
    if (task.conversationId() != null) {
      Conversation conversation = conversations.get(task.conversationId());
      if (conversation != null) {
        conversation.openTasks.add(task.taskId());
        taskConversations.put(task.taskId(), task.conversationId());
      }
    }
  }

  @Subscribe
  void staffOnline(StaffOnline staff) {
    staffNames.put(staff.staffId(), staff.name());
  }

  /** The moment a person takes over, the guest hears who it is. */
  @Subscribe
  void assigned(ConversationAssigned assignment) {
    Conversation conversation = conversations.get(assignment.conversationId());
    if (conversation == null) {
      return;
    }
    conversation.staffId = assignment.staffId();
    changeStatus(conversation.id, Status.ASSIGNED);
    if (assignment.reason() == ConversationAssigned.Reason.ESCALATION) {
      String name = staffNames.getOrDefault(assignment.staffId(), "a colleague");
      bus.publish(new MessageSent("h-" + conversation.id + "-"
          + conversation.handovers.incrementAndGet(),
          conversation.id, conversation.guestId, conversation.channel,
          "I've asked " + name + " to look after this personally; they'll be with you shortly.",
          MessageSent.OutgoingContent.TEXT, MessageSent.SentBy.AI, null));
    }
  }

  /** A finished task is reported to the guest by the person who did it. */
  @Subscribe
  void taskDone(Envelope<TaskCompleted> envelope) {
    TaskCompleted done = envelope.payload();
    String conversationId = taskConversations.remove(done.taskId());
    Conversation conversation = conversationId == null ? null : conversations.get(conversationId);
    if (conversation == null) {
      return;
    }
    conversation.openTasks.remove(done.taskId());
    bus.publish(new MessageSent("d-" + done.taskId(), conversation.id, conversation.guestId,
        conversation.channel, "Done: " + done.resolution() + ". Anything else we can do?",
        MessageSent.OutgoingContent.TEXT, MessageSent.SentBy.STAFF, done.completedBy()));
    if (conversation.openTasks.isEmpty()) {
      if (conversation.status == Status.ACTIVE) {
        scheduleIdleCheck(conversation, envelope.time(), done.taskId());
      } else {
        resolve(conversation, ConversationResolved.ResolvedBy.STAFF,
            ConversationResolved.ResolutionType.COMPLETED, Metadata.none());
      }
    }
  }

  /** Closes a conversation whose guest wrote nothing more since {@code inboundWhenScheduled}. */
  private void closeIfQuiet(Conversation conversation, int inboundWhenScheduled) {
    if (conversations.containsKey(conversation.id) && conversation.inbound == inboundWhenScheduled
        && conversation.openTasks.isEmpty()) {
      boolean person = conversation.status != Status.ACTIVE;
      // From a job, outside any listener: the resolution continues the guest's last message's flow.
      resolve(conversation, person ? ConversationResolved.ResolvedBy.STAFF
          : ConversationResolved.ResolvedBy.AI, ConversationResolved.ResolutionType.TIMEOUT,
          FollowUp.of(conversation.lastInbound));
    }
  }

  private void scheduleIdleCheck(Conversation conversation, Instant from, String reason) {
    int inbound = conversation.inbound;
    scheduler.at(from.plus(IDLE), "idle:" + conversation.id + ":" + inbound + ":" + reason,
        () -> closeIfQuiet(conversation, inbound));
  }

  private void resolve(Conversation conversation, ConversationResolved.ResolvedBy by,
      ConversationResolved.ResolutionType type, Metadata metadata) {
    if (conversations.remove(conversation.id) == null) {
      return;
    }
    bus.publish(new ConversationResolved(conversation.id, conversation.guestId, by,
        by == ConversationResolved.ResolvedBy.STAFF ? conversation.staffId : null, type,
        Duration.between(conversation.startedAt, scheduler.now()).toSeconds(),
        conversation.messages.get()), metadata);
  }

  private void changeStatus(String conversationId, Status status) {
    Conversation conversation = conversations.get(conversationId);
    if (conversation == null || conversation.status == status) {
      return;
    }
    Status old = conversation.status;
    conversation.status = status;
    bus.publish(new ConversationUpdated(conversationId,
        List.of(new Change("status", old.label(), status.label()))));
  }
}
