package dev.herald.sample.hotel;

import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.sample.events.Change;
import dev.herald.sample.events.ConversationAssigned;
import dev.herald.sample.events.ConversationEscalated;
import dev.herald.sample.events.EscalationReason;
import dev.herald.sample.events.Priority;
import dev.herald.sample.events.StaffOffline;
import dev.herald.sample.events.StaffOnline;
import dev.herald.sample.events.TaskAssigned;
import dev.herald.sample.events.TaskCompleted;
import dev.herald.sample.events.TaskCreated;
import dev.herald.sample.events.TaskEscalated;
import dev.herald.sample.events.TaskOverdue;
import dev.herald.sample.events.TaskType;
import dev.herald.sample.events.TaskUpdated;
import dev.herald.sample.simulation.Dice;
import dev.herald.sample.simulation.Scheduler;
import dev.herald.sample.simulation.StaffMember;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hotel's task board: opens a task for every escalation, gives each task to the least busy
 * colleague on duty in the right department, hands tasks over at shift changes, and every ten
 * minutes looks for overdue tasks and escalates them to the duty manager.
 *
 * <p>Its listeners are SYNC: they run on the thread that published, inside the conversation's
 * flow, so assignments happen in the same order in every run. Its own {@code task:*} events go
 * through the {@link TaskLedger}: each commits with the task's row in the SQLite file. Methods are synchronized because
 * scheduled jobs and listeners share the board.
 */
public final class TaskBoard {

  /** How often the board looks for overdue tasks. */
  static final Duration OVERDUE_SCAN = Duration.ofMinutes(10);

  private static final class Task {
    final Envelope<TaskCreated> created;
    Priority priority;
    String assignee;
    boolean overdue;

    Task(Envelope<TaskCreated> created) {
      this.created = created;
      this.priority = created.payload().priority();
    }

    String id() {
      return created.payload().taskId();
    }
  }

  private final EventBus bus;
  private final TaskLedger ledger;
  private final String hotel;
  private final Scheduler scheduler;
  private final Dice dice;
  private final Map<String, StaffMember> roster = new LinkedHashMap<>();
  private final Map<String, StaffMember> onDuty = new LinkedHashMap<>();
  private final Map<String, Task> open = new TreeMap<>();
  private final Map<String, Integer> escalations = new HashMap<>();

  public TaskBoard(EventBus bus, TaskLedger ledger, String hotel, List<StaffMember> staff,
      Scheduler scheduler, Dice dice) {
    this.bus = bus;
    this.ledger = ledger;
    this.hotel = hotel;
    this.scheduler = scheduler;
    this.dice = dice;
    staff.forEach(member -> roster.put(member.staffId(), member));
  }

  /** Starts the overdue scans, one every {@link #OVERDUE_SCAN} until {@code end}. */
  public void startScans(Instant end) {
    for (Instant at = scheduler.now().plus(OVERDUE_SCAN); at.isBefore(end);
        at = at.plus(OVERDUE_SCAN)) {
      scheduler.at(at, "overdue-scan:" + hotel, this::scanForOverdue);
    }
  }

  /** Critical: every escalation becomes a task for a person, written with its event. */
  @Subscribe
  synchronized void escalated(Envelope<ConversationEscalated> envelope) {
    ConversationEscalated escalation = envelope.payload();
    TaskType type = escalation.reason() == EscalationReason.COMPLAINT
        || escalation.reason() == EscalationReason.NEGATIVE_SENTIMENT
        ? TaskType.COMPLAINT : TaskType.ESCALATION;
    int number = escalations.merge(escalation.conversationId(), 1, Integer::sum);
    String reason = escalation.reason().name().toLowerCase(java.util.Locale.ROOT);
    String taskId = "t-" + escalation.conversationId() + "-esc" + number;
    ledger.record(hotel, taskId, "open", null, escalation.priority(), new TaskCreated(taskId,
        escalation.conversationId(), escalation.guestId(), type, escalation.priority(),
        "Guest needs a person: " + reason,
        "Intent " + escalation.context().intent() + ", sentiment " + escalation.context().sentiment(),
        ServiceLevels.dueAt(escalation.priority(), scheduler.now()), TaskCreated.CreatedBy.SYSTEM),
        FollowUp.of(envelope));
  }

  /** Critical: a task nobody takes is dead-lettered; here every task gets an owner at once. */
  @Subscribe
  synchronized void created(Envelope<TaskCreated> envelope) {
    Task task = new Task(envelope);
    if (open.putIfAbsent(task.id(), task) != null) {
      return; // a replayed task we already have
    }
    StaffMember staff = pick(ServiceLevels.department(envelope.payload().type()));
    assign(task, staff, null, "auto-assign", FollowUp.of(envelope));
    TaskCreated created = envelope.payload();
    if (created.conversationId() != null
        && (created.type() == TaskType.ESCALATION || created.type() == TaskType.COMPLAINT)) {
      bus.publish(new ConversationAssigned(created.conversationId(), staff.staffId(), null,
          ConversationAssigned.Reason.ESCALATION));
    }
    Duration work = workTime(task);
    scheduler.at(envelope.time().plus(work), "complete:" + task.id(), () -> complete(task.id()));
  }

  @Subscribe
  synchronized void online(StaffOnline staff) {
    StaffMember member = roster.get(staff.staffId());
    if (member != null) {
      onDuty.put(member.staffId(), member);
    }
  }

  /** A colleague's shift ended: whoever is still on duty takes over their tasks. */
  @Subscribe
  synchronized void offline(Envelope<StaffOffline> envelope) {
    StaffOffline staff = envelope.payload();
    onDuty.remove(staff.staffId());
    for (String taskId : staff.activeTasks()) {
      Task task = open.get(taskId);
      if (task != null && staff.staffId().equals(task.assignee)) {
        StaffMember next = pick(ServiceLevels.department(task.created.payload().type()));
        assign(task, next, staff.staffId(), "shift change", FollowUp.of(envelope));
        String conversationId = task.created.payload().conversationId();
        if (conversationId != null && task.created.payload().type() != TaskType.HOUSEKEEPING) {
          bus.publish(new ConversationAssigned(conversationId, next.staffId(), staff.staffId(),
              ConversationAssigned.Reason.TRANSFER));
        }
      }
    }
  }

  /** Open tasks, for tests and the dashboard. */
  public synchronized int openTasks() {
    return open.size();
  }

  private synchronized void complete(String taskId) {
    Task task = open.remove(taskId);
    if (task == null) {
      return;
    }
    TaskCreated created = task.created.payload();
    ledger.record(hotel, taskId, "completed", task.assignee, null, new TaskCompleted(taskId,
        task.assignee, resolution(created.type()),
        Duration.between(task.created.time(), scheduler.now()).toSeconds(),
        created.conversationId() != null), FollowUp.of(task.created));
  }

  private synchronized void scanForOverdue() {
    Instant now = scheduler.now();
    for (Task task : new ArrayList<>(open.values())) { // by task id: the same order every run
      Instant due = task.created.payload().dueAt();
      if (task.overdue || due == null || !due.isBefore(now)) {
        continue;
      }
      task.overdue = true;
      var followUp = FollowUp.of(task.created);
      ledger.record(hotel, task.id(), "overdue", task.assignee, null, new TaskOverdue(task.id(),
          task.assignee, due, Duration.between(due, now).toSeconds()), followUp);
      Priority raised = task.priority.raised();
      ledger.record(hotel, task.id(), "overdue", null, raised, new TaskUpdated(task.id(),
          List.of(new Change("priority", task.priority.name(), raised.name())), "system"),
          followUp);
      task.priority = raised;
      StaffMember manager = pick("manager");
      ledger.record(hotel, task.id(), "escalated", null, null, new TaskEscalated(task.id(),
          task.assignee, manager.staffId(),
          "overdue by " + Duration.between(due, now).toMinutes() + " min", raised), followUp);
      if (!manager.staffId().equals(task.assignee)) {
        String previous = task.assignee;
        task.assignee = manager.staffId();
        ledger.record(hotel, task.id(), "escalated", manager.staffId(), null,
            new TaskAssigned(task.id(), manager.staffId(), previous,
                TaskAssigned.AssignedBy.SYSTEM, "overdue"), followUp);
      }
    }
  }

  private void assign(Task task, StaffMember staff, String previous, String reason,
      Metadata metadata) {
    task.assignee = staff.staffId();
    ledger.record(hotel, task.id(), "assigned", staff.staffId(), task.priority,
        new TaskAssigned(task.id(), staff.staffId(), previous, TaskAssigned.AssignedBy.SYSTEM,
            reason), metadata);
  }

  /**
   * The least busy colleague on duty in {@code department}, else at the front desk, else any manager
   * (the night is thin); ties go to the rota's order.
   */
  private StaffMember pick(String department) {
    for (String wanted : List.of(department, "front_desk", "manager")) {
      StaffMember best = onDuty.values().stream()
          .filter(s -> s.role().equals(wanted))
          .min(Comparator.comparingLong(this::load))
          .orElse(null);
      if (best != null) {
        return best;
      }
    }
    return roster.values().stream().filter(s -> s.role().equals("manager")).findFirst()
        .orElseThrow(() -> new IllegalStateException(hotel + " has no manager on its rota"));
  }

  private long load(StaffMember staff) {
    return open.values().stream().filter(t -> staff.staffId().equals(t.assignee)).count();
  }

  /** Mostly well within the promise; about one task in six takes too long and goes overdue. */
  private Duration workTime(Task task) {
    long promised = ServiceLevels.responseTime(task.priority).toSeconds();
    double share = dice.chance(0.17, "slow:" + task.id())
        ? 1.3 + dice.roll("slowness:" + task.id())
        : 0.2 + 0.7 * dice.roll("speed:" + task.id());
    return Duration.ofSeconds((long) (promised * share));
  }

  private static String resolution(TaskType type) {
    return switch (type) {
      case HOUSEKEEPING -> "housekeeping brought what you asked for";
      case MAINTENANCE -> "maintenance fixed it";
      case CONCIERGE -> "your booking is confirmed";
      case SERVICE_REQUEST -> "the front desk has arranged it";
      case COMPLAINT -> "the duty manager has dealt with it, with our apologies";
      case ESCALATION, FOLLOW_UP -> "a colleague has taken care of it";
    };
  }
}
