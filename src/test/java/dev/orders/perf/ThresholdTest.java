package dev.orders.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ThresholdTest {

  @Test
  void parse_rpcPercentileInMs() {
    Threshold t = Threshold.parse("GetOrder:p99<20ms");
    assertEquals("GetOrder", t.rpc());
    assertEquals("p99", t.metric());
    assertEquals("<", t.op());
    assertEquals(20.0, t.limit());
  }

  @Test
  void parse_unitsAreNormalised() {
    assertEquals(1500.0, Threshold.parse("p95<1.5s").limit());
    assertEquals(0.5, Threshold.parse("p50<=500us").limit());
    assertEquals(0.001, Threshold.parse("errors<0.1%").limit(), 1e-12);
    assertEquals(3.0, Threshold.parse("errors<=3").limit());
    assertEquals(1000.0, Threshold.parse("rate>=1000/s").limit());
    assertEquals("ListOrders", Threshold.parse("listorders:p99.9<50").rpc());
    assertNull(Threshold.parse("max<1s").rpc());
  }

  @Test
  void parse_rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> Threshold.parse("p99"));
    assertThrows(IllegalArgumentException.class, () -> Threshold.parse("p98<20ms"));
    assertThrows(IllegalArgumentException.class, () -> Threshold.parse("GetOrders:p99<20ms"));
    assertThrows(IllegalArgumentException.class, () -> Threshold.parse("errors<5ms"));
    assertThrows(IllegalArgumentException.class, () -> Threshold.parse("p99<20%"));
    assertThrows(IllegalArgumentException.class, () -> Threshold.parse("p99=20"));
  }

  @Test
  void evaluate_latencyPerRpc_andOverallErrorRatio() {
    RunResult r = result();   // GetOrder: 1..1000 ms; ListOrders: 2 errors out of 100 calls of 5 ms
    assertTrue(Threshold.parse("GetOrder:p50<600ms").evaluate(r).passed());
    assertFalse(Threshold.parse("GetOrder:p99<20ms").evaluate(r).passed());
    assertEquals(990, Threshold.parse("GetOrder:p99<20ms").evaluate(r).actual(), 2);
    assertTrue(Threshold.parse("ListOrders:p99<6ms").evaluate(r).passed());
    assertFalse(Threshold.parse("errors<0.1%").evaluate(r).passed());
    assertTrue(Threshold.parse("errors<1%").evaluate(r).passed());   // 2 of 1100 = 0.18%
    assertTrue(Threshold.parse("errors<=2").evaluate(r).passed());
    assertFalse(Threshold.parse("ListOrders:errors<2").evaluate(r).passed());
    assertTrue(Threshold.parse("rate>100").evaluate(r).passed());    // 1100 calls in 10 s
  }

  @Test
  void evaluate_rpcThatNeverRan_fails() {
    Threshold.Verdict v = Threshold.parse("CreateOrder:p99<20ms").evaluate(result());
    assertFalse(v.passed());
    assertTrue(v.describe().contains("no calls"));
  }

  static RunResult result() {
    Histogram get = new Histogram(Metrics.MAX_MICROS, 3);
    for (int ms = 1; ms <= 1000; ms++) {
      get.recordValue(ms * 1000L);
    }
    Histogram list = new Histogram(Metrics.MAX_MICROS, 3);
    list.recordValueWithCount(5000, 100);
    Histogram all = get.copy();
    all.add(list);
    RunResult.RpcStats g = RunResult.RpcStats.of("GetOrder", get, Map.of(), 10);
    RunResult.RpcStats l = RunResult.RpcStats.of("ListOrders", list, Map.of("UNAVAILABLE", 2L), 10);
    RunResult.RpcStats o = RunResult.RpcStats.of("overall", all, Map.of("UNAVAILABLE", 2L), 10);
    List<Metrics.Second> series = List.of(
        new Metrics.Second(1, 600, 0, 2, 5, 8, 9, 12, 3, 100),
        new Metrics.Second(2, 500, 2, 3, 6, 9, 990, 1000, 7, 100));
    return new RunResult(new RunResult.Info(Instant.parse("2026-11-26T20:00:00Z"), "127.0.0.1:50051", "open (arrival rate)",
        "10s → 110/s", "mixed", 4, 10, "1,000 orders <test>", "2 instances (ORDERS_INSTANCES); the 4 connections reached 2 of them (1, 2)",
        "orders load --rate 110"),
        List.of(g, l), o, series, all, Map.of("GetOrder", get, "ListOrders", list), 0.4);
  }
}
