package dev.herald.bench.sync;

import dev.herald.annotations.Subscribe;
import dev.herald.bench.payload.OrderPlaced;

/** Herald listeners of the payload record. */
public final class HeraldPayloadListeners {

  private HeraldPayloadListeners() {}

  /** Listener class 0 of 10: a different class each, so call sites see ten types. */
  public static final class L0 {
    public long total;
    public int seen;

    @Subscribe
    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 1 of 10: a different class each, so call sites see ten types. */
  public static final class L1 {
    public long total;
    public int seen;

    @Subscribe
    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 2 of 10: a different class each, so call sites see ten types. */
  public static final class L2 {
    public long total;
    public int seen;

    @Subscribe
    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 3 of 10: a different class each, so call sites see ten types. */
  public static final class L3 {
    public long total;
    public int seen;

    @Subscribe
    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 4 of 10: a different class each, so call sites see ten types. */
  public static final class L4 {
    public long total;
    public int seen;

    @Subscribe
    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 5 of 10: a different class each, so call sites see ten types. */
  public static final class L5 {
    public long total;
    public int seen;

    @Subscribe
    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 6 of 10: a different class each, so call sites see ten types. */
  public static final class L6 {
    public long total;
    public int seen;

    @Subscribe
    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 7 of 10: a different class each, so call sites see ten types. */
  public static final class L7 {
    public long total;
    public int seen;

    @Subscribe
    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 8 of 10: a different class each, so call sites see ten types. */
  public static final class L8 {
    public long total;
    public int seen;

    @Subscribe
    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 9 of 10: a different class each, so call sites see ten types. */
  public static final class L9 {
    public long total;
    public int seen;

    @Subscribe
    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** The first {@code n} listeners, each of a different class. */
  public static Object[] first(int n) {
    Object[] all = {new L0(), new L1(), new L2(), new L3(), new L4(), new L5(), new L6(), new L7(), new L8(), new L9()};
    return java.util.Arrays.copyOf(all, n);
  }
}
