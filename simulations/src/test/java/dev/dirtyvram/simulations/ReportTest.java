package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** `dirtyvram report`: one self-contained page per run, sweep and hunt, read as XML and rendered by headless Chromium. */
class ReportTest {
    @TempDir
    Path out;

    private static Document page(Path html) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(html.toFile());
    }

    private static List<Element> withClass(Document d, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = d.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cls)) out.add(e);
        }
        return out;
    }

    /** The page renders in a real browser: a screenshot comes out, a picture of some size (not a blank error page). */
    private static void renders(Path html) throws Exception {
        Path png = TestChromium.screenshot(html, html.resolveSibling(html.getFileName() + ".png"));
        byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 20_000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', png + ": " + b.length + " bytes");
    }

    @Test
    void aRunsPageTellsItsVerdictItsCausesAndDrawsItsFailingPage() throws Exception {
        assertEquals(ExitStatus.OK.code, Cli.run("run", "--scenario", "svm-no-flush", "--mode", "deterministic", "--duration", "300ms",
                "--out", out.toString()).code());
        Path run = ScenarioEndToEndTest.onlyRun(out);
        Path html = out.resolve("run.html");
        Cli r = Cli.run("report", run.toString(), "-o", html.toString());
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        Document d = page(html);
        assertEquals(1, d.getElementsByTagName("h1").getLength());
        assertTrue(withClass(d, "p", "verdict").get(0).getTextContent().startsWith("expectation met"));
        assertTrue(withClass(d, "ul", "causes").get(0).getElementsByTagName("li").getLength() >= 1, "cause sentences");
        assertTrue(withClass(d, "svg", "page").size() >= 1, "the failing page drawn inline");
        assertTrue(withClass(d, "table", "summary").get(0).getTextContent().contains("lostUpdates"));
        assertTrue(Files.readString(html).contains("flush-after-clear"), "the configuration");
        String text = Files.readString(html);
        assertTrue(!text.contains("src=\"http") && !text.contains("href=\"http") && !text.contains("url(http"), "nothing fetched from the network");
        renders(html);
    }

    @Test
    void aSweepsPageHasItsPointsRecommendationAndChartsInline() throws Exception {
        Cli s = Cli.run("sweep", "--vary", "harvest.interval=10ms,30ms", "--seeds", "1", "--duration", "200ms", "--out", out.toString(), "--json");
        assertEquals(ExitStatus.OK.code, s.code(), s.err());
        Config json = ConfigFactory.parseString(s.out());
        Path sweep = Path.of(json.getString("sweepDir"));
        Cli r = Cli.run("report", sweep.toString());
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        Document d = page(sweep.resolve("report.html"));
        Element body = (Element) withClass(d, "table", "points").get(0).getElementsByTagName("tbody").item(0);
        assertEquals(json.getConfigList("points").size(), body.getElementsByTagName("tr").getLength(), "a row per point");
        List<Element> charts = withClass(d, "img", "chart");
        assertEquals(json.getStringList("charts").size(), charts.size());
        assertTrue(charts.stream().allMatch(c -> c.getAttribute("src").startsWith("data:image/png;base64,")), "charts inline");
        assertTrue(withClass(d, "p", "verdict").get(0).getTextContent().startsWith("recommended: "));
        renders(sweep.resolve("report.html"));
    }

    @Test
    void aHuntsPageHasItsSignaturesAndEachOnesFailureTold() throws Exception {
        Cli h = Cli.run("hunt", "--swarm", "off", "--scenario", "svm-no-flush", "--runs", "4", "--jobs", "1", "--set", "duration=100ms", "--set", "lfb.pages=8",
                "--set", "vcpus=2", "--out", out.toString(), "--json");
        assertEquals(ExitStatus.VIOLATION.code, h.code(), h.err());
        Path hunt = Path.of(ConfigFactory.parseString(h.out()).getString("huntDir"));
        Cli r = Cli.run("report", hunt.toString());
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        Document d = page(hunt.resolve("report.html"));
        Element sigs = withClass(d, "table", "signatures").get(0);
        assertTrue(sigs.getTextContent().contains("stale-d-entry"), sigs.getTextContent());
        assertTrue(withClass(d, "svg", "page").size() >= 1, "the failure's page drawn");
        renders(hunt.resolve("report.html"));
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("report", out.resolve("nothing").toString()).code());
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("report", out.toString()).code(), "a directory of no kind");
    }
}
