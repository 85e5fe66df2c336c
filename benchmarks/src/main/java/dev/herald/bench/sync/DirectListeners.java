package dev.herald.bench.sync;

import dev.herald.bench.payload.OrderPlaced;

/** Plain listener classes called directly: the limit. */
public final class DirectListeners {

  private DirectListeners() {}

  /** Listener class 0 of 10: a different class each, so call sites see ten types. */
  public static final class L0 {
    public long total;
    public int seen;

    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 1 of 10: a different class each, so call sites see ten types. */
  public static final class L1 {
    public long total;
    public int seen;

    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 2 of 10: a different class each, so call sites see ten types. */
  public static final class L2 {
    public long total;
    public int seen;

    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 3 of 10: a different class each, so call sites see ten types. */
  public static final class L3 {
    public long total;
    public int seen;

    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 4 of 10: a different class each, so call sites see ten types. */
  public static final class L4 {
    public long total;
    public int seen;

    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 5 of 10: a different class each, so call sites see ten types. */
  public static final class L5 {
    public long total;
    public int seen;

    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 6 of 10: a different class each, so call sites see ten types. */
  public static final class L6 {
    public long total;
    public int seen;

    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 7 of 10: a different class each, so call sites see ten types. */
  public static final class L7 {
    public long total;
    public int seen;

    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 8 of 10: a different class each, so call sites see ten types. */
  public static final class L8 {
    public long total;
    public int seen;

    public void on(OrderPlaced event) {
      seen++;
      total += event.totalCents();
    }
  }

  /** Listener class 9 of 10: a different class each, so call sites see ten types. */
  public static final class L9 {
    public long total;
    public int seen;

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

  /** Calls the first {@code n} listeners through their static types: the limit. */
  public static final class Caller {
    private final L0 l0 = new L0();
    private final L1 l1 = new L1();
    private final L2 l2 = new L2();
    private final L3 l3 = new L3();
    private final L4 l4 = new L4();
    private final L5 l5 = new L5();
    private final L6 l6 = new L6();
    private final L7 l7 = new L7();
    private final L8 l8 = new L8();
    private final L9 l9 = new L9();

    public void one(OrderPlaced event) {
      l0.on(event);
    }

    public void ten(OrderPlaced event) {
      l0.on(event);
      l1.on(event);
      l2.on(event);
      l3.on(event);
      l4.on(event);
      l5.on(event);
      l6.on(event);
      l7.on(event);
      l8.on(event);
      l9.on(event);
    }
  }
}
