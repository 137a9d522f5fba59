package dev.orders.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportsTest {

  private final RunResult result = ThresholdTest.result();
  private final List<Threshold.Verdict> verdicts = List.of(
      Threshold.parse("GetOrder:p99<20ms").evaluate(result), Threshold.parse("errors<1%").evaluate(result));

  @Test
  void json_summarySeriesAndVerdicts_roundTrip(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("results.json");
    JsonReport.write(file, result, verdicts);
    JsonObject json = new JsonObject(Files.readString(file));

    assertEquals("mixed", json.getJsonObject("run").getString("scenario"));
    assertEquals(1100, json.getJsonObject("overall").getLong("count"));
    assertEquals(2, json.getJsonObject("overall").getJsonObject("errorsByStatus").getLong("UNAVAILABLE"));
    JsonArray rpcs = json.getJsonArray("rpcs");
    assertEquals("GetOrder", rpcs.getJsonObject(0).getString("name"));
    assertEquals(990, rpcs.getJsonObject(0).getDouble("p99"), 2);
    assertEquals(2, json.getJsonArray("series").size());
    assertEquals(990.0, json.getJsonArray("series").getJsonObject(1).getDouble("p99"));
    assertFalse(json.getJsonArray("thresholds").getJsonObject(0).getBoolean("passed"));
    assertTrue(json.getJsonArray("thresholds").getJsonObject(1).getBoolean("passed"));
  }

  @Test
  void html_selfContainedWithFourWellFormedCharts(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("report.html");
    HtmlReport.write(file, result, verdicts);
    String html = Files.readString(file);

    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.strip().endsWith("</html>"));
    assertFalse(html.contains("<script"), "no scripts");
    assertFalse(html.contains("<link"), "no external stylesheets or fonts");
    assertFalse(html.replace("http://www.w3.org/2000/svg", "").matches("(?s).*https?://.*"), "nothing to fetch");
    for (String tag : List.of("main", "section", "table", "tr", "ul", "svg")) {
      assertEquals(count(html, "<" + tag + "[ >]"), count(html, "</" + tag + ">"), "balanced <" + tag + ">");
    }
    Matcher svg = Pattern.compile("(?s)<svg .*?</svg>").matcher(html);
    int charts = 0;
    while (svg.find()) {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new ByteArrayInputStream(svg.group().getBytes(StandardCharsets.UTF_8)));   // throws if malformed
      assertTrue(doc.getElementsByTagName("polyline").getLength() + doc.getElementsByTagName("polygon").getLength() > 0,
          "chart " + charts + " draws something");
      charts++;
    }
    assertEquals(4, charts, "latency over time, throughput, in flight, distribution");
    assertTrue(html.contains("&lt;test&gt;"), "text from the run is escaped");
    assertTrue(html.contains("GetOrder:p99&lt;20ms"), "threshold verdicts are listed");
  }

  @Test
  void console_summaryListsEveryRpcAndErrorsByStatus() {
    var out = new java.io.ByteArrayOutputStream();
    ConsoleReport.summary(new java.io.PrintStream(out, true, StandardCharsets.UTF_8), result);
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("GetOrder"));
    assertTrue(text.contains("ListOrders"));
    assertTrue(text.contains("overall"));
    assertTrue(text.matches("(?s).*ListOrders\\s+UNAVAILABLE\\s+2.*"), text);
  }

  private static int count(String s, String regex) {
    Matcher m = Pattern.compile(regex).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
