package dev.orders.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NullPointerExceptions Vert.x 5.0.7 throws on an event loop when an HTTP/2 stream is reset or
 * closed with writes still queued (a caller's deadline expired, a caller went away): its bugs, not
 * the service's; the calls themselves end correctly (perf/RELIABILITY.md, Findings). Hundreds of
 * them per outage would bury real errors, so they are counted
 * ({@code orders_vertx_stream_reset_npes_total}) and logged at debug. Matched by the exception's
 * type and its top stack frame (class and method), so any other NullPointerException, also one
 * elsewhere in the same classes, is still an error.
 */
final class StreamResetBugs {

  private static final Logger LOG = LoggerFactory.getLogger(StreamResetBugs.class);

  /** Top frames, "class.method", of the known ones; re-check on a Vert.x upgrade. */
  static final Set<String> TOP_FRAMES = Set.of(
      // "this.val$promise is null": the queued writes released when the stream is disposed
      "io.vertx.core.http.impl.VertxHttp2Stream$3.cancel",
      // vertx-micrometer, "requestMetric is null": a reset stream whose request was never metered
      "io.vertx.micrometer.impl.VertxHttpServerMetrics.requestReset");

  private final LongAdder seen = new LongAdder();

  StreamResetBugs(MeterRegistry registry) {
    FunctionCounter.builder("orders.vertx.stream.reset.npes", seen, LongAdder::sum)
        .description("NullPointerExceptions of Vert.x 5.0.7 on a reset HTTP/2 stream, known and harmless;"
            + " logged at debug")
        .register(registry);
  }

  /** True, counted and logged at debug, when {@code err} is one of them; false for anything else. */
  boolean absorbs(Throwable err) {
    if (!(err instanceof NullPointerException) || err.getStackTrace().length == 0) {
      return false;
    }
    StackTraceElement top = err.getStackTrace()[0];
    if (!TOP_FRAMES.contains(top.getClassName() + "." + top.getMethodName())) {
      return false;
    }
    seen.increment();
    LOG.debug("Vert.x NullPointerException on a reset HTTP/2 stream (known, harmless): {}", top);
    return true;
  }
}
