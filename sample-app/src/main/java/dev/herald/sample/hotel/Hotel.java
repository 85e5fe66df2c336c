package dev.herald.sample.hotel;

import dev.herald.runtime.EventBus;
import dev.herald.sample.events.KnowledgeUpdated;
import dev.herald.sample.simulation.Dice;
import dev.herald.sample.simulation.HotelPlan;
import dev.herald.sample.simulation.Scheduler;
import java.time.Instant;
import java.util.List;

/**
 * One hotel's components, registered on the shared bus for the hotel's tenant only: they never hear
 * another hotel's events, and what they publish inside a listener carries their tenant on.
 */
public final class Hotel {

  private static final List<String> KNOWLEDGE = List.of("faq/checkout.md", "faq/wifi.md",
      "amenities/pool-and-gym.md", "dining/breakfast.md", "area/restaurants.md");

  private final HotelPlan plan;
  private final GuestGateway gateway;
  private final TaskBoard taskBoard;
  private final StaffPresence staff;
  private final PmsSync pms;
  private final Dashboard dashboard;
  private final EventBus bus;

  public Hotel(EventBus bus, TaskLedger ledger, HotelPlan plan, Scheduler scheduler, Dice dice,
      Instant dayEnd) {
    this(bus, ledger, plan, scheduler, dice, dayEnd, true);
  }

  /**
   * @param activityFeed whether the hotel's dashboard shows its audit entries: only while they stay
   *     in the process (see {@link ActivityFeed})
   */
  public Hotel(EventBus bus, TaskLedger ledger, HotelPlan plan, Scheduler scheduler, Dice dice,
      Instant dayEnd, boolean activityFeed) {
    this.bus = bus;
    this.plan = plan;
    this.gateway = new GuestGateway(bus, plan, scheduler);
    this.taskBoard = new TaskBoard(bus, ledger, plan.id(), plan.staff(), scheduler, dice);
    this.staff = new StaffPresence(bus, plan.id(), plan.staff(), scheduler);
    this.pms = new PmsSync(bus, plan, scheduler, dice);
    this.dashboard = new Dashboard(bus, plan.id());
    // Order matters only among SYNC listeners of one event with equal priority.
    for (Object component : List.of(gateway, new GuestDirectory(bus, plan, scheduler),
        new Conversations(bus, scheduler), new AiEngine(bus, scheduler, dice),
        taskBoard, staff, new Notifications(bus, scheduler, dice, dayEnd), dashboard)) {
      bus.register(component, plan.id());
    }
    if (activityFeed) {
      bus.register(new ActivityFeed(), plan.id());
    }
  }

  /** Opens the hotel's day: staff sign in, jobs and guests go on the timetable, the AI learns. */
  public void open(Instant dayStart, Instant dayEnd) {
    staff.startDay(dayStart, dayEnd);
    taskBoard.startScans(dayEnd);
    pms.schedule(dayStart, dayEnd);
    for (String page : KNOWLEDGE) {
      bus.publish(new KnowledgeUpdated(page, KnowledgeUpdated.Action.UPDATE, "s-" + plan.code()
          + "-10", 1), FollowUp.hotel(plan.id()));
    }
    gateway.openDoors();
  }

  public HotelPlan plan() {
    return plan;
  }

  public GuestGateway gateway() {
    return gateway;
  }

  public TaskBoard taskBoard() {
    return taskBoard;
  }

  public Dashboard dashboard() {
    return dashboard;
  }
}
