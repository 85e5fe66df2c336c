package dev.herald.sample.hotel;

import dev.herald.annotations.Subscribe;
import dev.herald.runtime.EventBus;
import dev.herald.sample.events.ConversationAssigned;
import dev.herald.sample.events.ConversationResolved;
import dev.herald.sample.events.StaffOffline;
import dev.herald.sample.events.StaffOnline;
import dev.herald.sample.events.StaffStatus;
import dev.herald.sample.events.StaffStatusChanged;
import dev.herald.sample.events.TaskAssigned;
import dev.herald.sample.events.TaskCompleted;
import dev.herald.sample.simulation.Scheduler;
import dev.herald.sample.simulation.StaffMember;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is at work: signs staff in and out as their shifts start and end, and says when someone goes
 * from available to busy and back, from the tasks they hold.
 */
public final class StaffPresence {

  private final EventBus bus;
  private final String hotel;
  private final List<StaffMember> staff;
  private final Scheduler scheduler;
  private final Map<String, StaffStatus> status = new HashMap<>();
  private final Map<String, Set<String>> tasks = new HashMap<>();
  private final Map<String, String> holder = new HashMap<>();
  private final Map<String, Set<String>> conversations = new HashMap<>();

  public StaffPresence(EventBus bus, String hotel, List<StaffMember> staff, Scheduler scheduler) {
    this.bus = bus;
    this.hotel = hotel;
    this.staff = staff;
    this.scheduler = scheduler;
  }

  /**
   * Signs in whoever is on duty at the start, and puts every shift change until {@code end} on the
   * timetable: the incoming colleague signs in before the outgoing one leaves, so their tasks have
   * somewhere to go.
   */
  public void startDay(Instant dayStart, Instant end) {
    for (StaffMember member : staff) {
      if (member.onDutyAt(0)) {
        signIn(member);
      }
    }
    for (Instant day = dayStart; day.isBefore(end); day = day.plus(Duration.ofDays(1))) {
      for (StaffMember member : staff) {
        Instant in = day.plus(Duration.ofMinutes(member.shiftStart()));
        Instant out = day.plus(Duration.ofMinutes(member.shiftEnd()));
        if (in.isAfter(dayStart) && in.isBefore(end)) {
          scheduler.at(in, "shift:" + hotel + ":1-in:" + member.staffId(), () -> signIn(member));
        }
        if (out.isAfter(dayStart) && out.isBefore(end)) {
          scheduler.at(out, "shift:" + hotel + ":2-out:" + member.staffId(), () -> signOut(member));
        }
      }
    }
  }

  // Sign-ins and sign-outs publish outside the lock: the task board, which hears them, calls back
  // into assigned() while holding its own lock, and locks are always taken board first.
  private void signIn(StaffMember member) {
    synchronized (this) {
      status.put(member.staffId(), StaffStatus.AVAILABLE);
    }
    bus.publish(new StaffOnline(member.staffId(), member.name(), member.role(),
        member.channels()), FollowUp.hotel(hotel));
  }

  private void signOut(StaffMember member) {
    List<String> held;
    List<String> talking;
    StaffStatus old;
    synchronized (this) {
      held = new ArrayList<>(tasks.getOrDefault(member.staffId(), Set.of()));
      talking = new ArrayList<>(conversations.getOrDefault(member.staffId(), Set.of()));
      old = status.put(member.staffId(), StaffStatus.OFFLINE);
    }
    bus.publish(new StaffOffline(member.staffId(), StaffOffline.Reason.LOGOUT, talking, held),
        FollowUp.hotel(hotel));
    bus.publish(new StaffStatusChanged(member.staffId(),
        old == null ? StaffStatus.AVAILABLE : old, StaffStatus.OFFLINE), FollowUp.hotel(hotel));
  }

  @Subscribe
  synchronized void assigned(TaskAssigned assignment) {
    String previous = holder.put(assignment.taskId(), assignment.staffId());
    if (previous != null) {
      release(previous, assignment.taskId());
    }
    Set<String> held = tasks.computeIfAbsent(assignment.staffId(), s -> new LinkedHashSet<>());
    held.add(assignment.taskId());
    if (held.size() == 1) {
      change(assignment.staffId(), StaffStatus.BUSY);
    }
  }

  @Subscribe
  synchronized void conversationAssigned(ConversationAssigned assignment) {
    if (assignment.previousStaffId() != null) {
      conversations.getOrDefault(assignment.previousStaffId(), new LinkedHashSet<>())
          .remove(assignment.conversationId());
    }
    conversations.computeIfAbsent(assignment.staffId(), s -> new LinkedHashSet<>())
        .add(assignment.conversationId());
  }

  @Subscribe
  synchronized void conversationResolved(ConversationResolved resolved) {
    conversations.values().forEach(held -> held.remove(resolved.conversationId()));
  }

  @Subscribe
  synchronized void completed(TaskCompleted done) {
    String staffId = holder.remove(done.taskId());
    if (staffId != null) {
      release(staffId, done.taskId());
    }
  }

  private void release(String staffId, String taskId) {
    Set<String> held = tasks.getOrDefault(staffId, new LinkedHashSet<>());
    if (held.remove(taskId) && held.isEmpty()) {
      change(staffId, StaffStatus.AVAILABLE);
    }
  }

  /** Changes the status of someone at work; the offline stay offline. */
  private void change(String staffId, StaffStatus next) {
    StaffStatus old = status.get(staffId);
    if (old == null || old == StaffStatus.OFFLINE || old == next) {
      return;
    }
    status.put(staffId, next);
    bus.publish(new StaffStatusChanged(staffId, old, next));
  }
}
