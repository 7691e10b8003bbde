package dev.dirtyvram.simulations.report;

import java.util.List;

/**
 * A report page as it is written: XHTML (every element closed, text escaped) with its styles inline, so that it opens
 * anywhere without the network and a test can read it as XML.
 */
final class Html {
    private static final String STYLE = "body{font-family:sans-serif;margin:24px;max-width:1240px;color:#222}"
            + "h1{font-size:22px}h2{font-size:18px;margin-top:28px}h3,h4{font-size:15px}"
            + "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}"
            + "th{background:#f2f2f2}pre{background:#f7f7f7;padding:8px;font-size:12px;overflow-x:auto}"
            + ".verdict{font-size:16px;font-weight:bold;padding:8px;border-radius:4px;background:#eef5ee}"
            + ".verdict.bad{background:#fbe9e9;color:#a00}.chart{max-width:100%;border:1px solid #ddd}"
            + ".picture{overflow-x:auto;border:1px solid #ddd;margin:6px 0}ul.causes li{margin:4px 0;font-size:13px}"
            + "summary{cursor:pointer;font-weight:bold;margin:14px 0 6px}";

    private final StringBuilder b = new StringBuilder();

    Html(String title) {
        b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/><title>")
                .append(esc(title)).append("</title><style>").append(STYLE).append("</style></head><body>\n");
    }

    void heading(int level, String text) {
        int l = Math.max(1, Math.min(6, level));
        b.append("<h").append(l).append('>').append(esc(text)).append("</h").append(l).append(">\n");
    }

    void para(String text) {
        b.append("<p>").append(esc(text)).append("</p>\n");
    }

    /** The page's answer in one line, red when it is bad news. */
    void verdict(String text) {
        boolean bad = text.contains("not met") || text.contains("failed") || text.startsWith("no configuration") || text.contains("inconclusive")
                || text.contains("interrupted");
        b.append("<p class=\"verdict").append(bad ? " bad" : "").append("\">").append(esc(text)).append("</p>\n");
    }

    void table(String cls, List<String> head, List<List<String>> rows) {
        b.append("<table class=\"").append(cls).append("\"><thead><tr>");
        for (String h : head) b.append("<th>").append(esc(h)).append("</th>");
        b.append("</tr></thead><tbody>\n");
        for (List<String> r : rows) {
            b.append("<tr>");
            for (String c : r) b.append("<td>").append(esc(c)).append("</td>");
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    void list(String cls, List<String> items) {
        b.append("<ul class=\"").append(cls).append("\">\n");
        for (String i : items) b.append("<li>").append(esc(i)).append("</li>\n");
        b.append("</ul>\n");
    }

    void pre(String text) {
        b.append("<pre>").append(esc(text)).append("</pre>\n");
    }

    /** A part the reader may fold away: {@code inside} writes it. */
    void details(String summary, boolean open, Runnable inside) {
        b.append("<details").append(open ? " open=\"open\"" : "").append("><summary>").append(esc(summary)).append("</summary>\n");
        inside.run();
        b.append("</details>\n");
    }

    /** Markup made elsewhere (an SVG picture, an image): it must be well-formed itself. */
    void raw(String markup) {
        b.append(markup);
    }

    String end() {
        return b + "</body></html>\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
