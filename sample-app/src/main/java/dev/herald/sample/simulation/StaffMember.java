package dev.herald.sample.simulation;

import dev.herald.sample.events.Channel;
import java.time.Duration;
import java.util.List;

/**
 * One member of a hotel's staff and their shift.
 *
 * @param role a department: {@code front_desk}, {@code housekeeping}, {@code maintenance},
 *     {@code concierge} or {@code manager}
 * @param shiftStart minutes after midnight
 * @param shiftLength how long the shift lasts; a night shift runs past midnight
 */
public record StaffMember(
    String staffId, String name, String role, int shiftStart, Duration shiftLength,
    List<Channel> channels) {

  /** Whether the shift covers {@code minuteOfDay} (0 to 1439). */
  public boolean onDutyAt(int minuteOfDay) {
    int end = shiftStart + (int) shiftLength.toMinutes();
    return end <= 1440
        ? minuteOfDay >= shiftStart && minuteOfDay < end
        : minuteOfDay >= shiftStart || minuteOfDay < end - 1440;
  }

  /** The minute of the day the shift ends, 0 to 1439. */
  public int shiftEnd() {
    return (shiftStart + (int) shiftLength.toMinutes()) % 1440;
  }
}
