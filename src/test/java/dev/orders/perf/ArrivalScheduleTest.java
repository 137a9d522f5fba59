package dev.orders.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The open model's arithmetic: how many arrivals a profile asks for, and when each is due. */
class ArrivalScheduleTest {

  @Test
  void constantRate_dueEvenlySpaced_exactCount() {
    List<Long> due = all(new ArrivalSchedule(Profile.constant(1000, Duration.ofSeconds(1)), 0, 1));
    assertEquals(1000, due.size());
    for (int k = 0; k < due.size(); k++) {
      assertEquals(k * 1_000_000L, due.get(k), 1.0, "arrival " + k + " is due at k ms");
    }
  }

  @Test
  void rampFromZero_arrivalsAreTheIntegral() {
    Profile ramp = Profile.parse("10s:100");   // 0 → 100/s over 10 s: 500 arrivals, denser at the end
    List<Long> due = all(new ArrivalSchedule(ramp, 0, 1));
    assertEquals(500, due.size());
    long firstHalf = due.stream().filter(t -> t < 5_000_000_000L).count();
    assertEquals(125, firstHalf, 1, "a quarter of the area lies under the first half of a linear ramp");
  }

  @Test
  void stages_rampHoldRampDown_sumOfAreas() {
    Profile p = Profile.parse("2s:100,3s:100,1s:0");
    assertEquals(100 + 300 + 50, Math.round(p.arrivalsBy(p.totalNanos())));
    assertEquals(450, all(new ArrivalSchedule(p, 0, 1)).size());
    assertEquals(50.0, p.valueAt(1_000_000_000L), 1e-9);
    assertEquals(100.0, p.valueAt(4_000_000_000L), 1e-9);
  }

  @Test
  void lanes_interleaveWithoutLosingOrDuplicatingArrivals() {
    Profile p = Profile.constant(300, Duration.ofSeconds(2));
    List<Long> single = all(new ArrivalSchedule(p, 0, 1));
    TreeSet<Long> union = new TreeSet<>();
    int total = 0;
    for (int lane = 0; lane < 3; lane++) {
      List<Long> mine = all(new ArrivalSchedule(p, lane, 3));
      total += mine.size();
      union.addAll(mine);
    }
    assertEquals(single.size(), total);
    assertEquals(new TreeSet<>(single), union);
  }

  @Test
  void parse_badStages_sayWhatIsWrong() {
    assertThrows(IllegalArgumentException.class, () -> Profile.parse("30s"));
    assertThrows(IllegalArgumentException.class, () -> Profile.parse("30s:many"));
    assertThrows(IllegalArgumentException.class, () -> Profile.parse("30x:10"));
    assertThrows(IllegalArgumentException.class, () -> Profile.parse("0s:10"));
    assertThrows(IllegalArgumentException.class, () -> Profile.parse("5s:-1"));
  }

  @Test
  void durations_k6Forms() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(90), Durations.parse("1m30s"));
    assertEquals(Duration.ofHours(1), Durations.parse("1h"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 minutes"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
  }

  private static List<Long> all(ArrivalSchedule s) {
    List<Long> out = new ArrayList<>();
    while (s.nextDue() >= 0) {
      out.add(s.nextDue());
      s.advance();
    }
    return out;
  }
}
