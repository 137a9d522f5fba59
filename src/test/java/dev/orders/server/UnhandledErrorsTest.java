package dev.orders.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which failures reaching the Vert.x exception handler are a reset call's aftermath, not an error to log. */
class UnhandledErrorsTest {

  @Test
  void vertx507NpeOnAResetStream_isAResetNotAnError() {
    NullPointerException npe = new NullPointerException("Cannot invoke \"io.vertx.core.Promise.fail(java.lang.Throwable)\"");
    npe.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("io.vertx.core.http.impl.VertxHttp2Stream$3", "cancel", "VertxHttp2Stream.java", 243)});
    assertTrue(OrdersServer.answeredOrReset(npe));
  }

  @Test
  void streamClosedOrFailed_isAResetNotAnError() {
    assertTrue(OrdersServer.answeredOrReset(new IllegalStateException("The stream has been closed")));
    assertTrue(OrdersServer.answeredOrReset(new IllegalStateException("The stream is failed: CANCELLED")));
  }

  @Test
  void otherNullPointers_areErrors() {
    NullPointerException ours = new NullPointerException("a bug of ours");
    ours.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("dev.orders.grpc.ProductGrpcService", "answer", "ProductGrpcService.java", 51)});
    assertFalse(OrdersServer.answeredOrReset(ours));
    assertFalse(OrdersServer.answeredOrReset(new IllegalStateException("something else")));
  }
}
