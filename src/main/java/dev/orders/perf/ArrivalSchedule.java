package dev.orders.perf;

/**
 * The open model's clock: arrival k is due when the profile's integral reaches k. Lane i of n
 * takes arrivals i, i+n, i+2n, ... so lanes interleave instead of firing in bursts together.
 * Pure arithmetic, no timers: the lane asks what is due and sends it.
 */
public final class ArrivalSchedule {

  private final Profile rate;
  private final int lanes;
  private long k;
  private long due;

  public ArrivalSchedule(Profile rate, int lane, int lanes) {
    this.rate = rate;
    this.lanes = lanes;
    this.k = lane;
    this.due = rate.timeOfArrival(k);
  }

  /** Nanoseconds after the start at which the next arrival is due, or -1 when the profile is over. */
  public long nextDue() {
    return due;
  }

  public void advance() {
    k += lanes;
    due = rate.timeOfArrival(k);
  }
}
