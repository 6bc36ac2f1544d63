package dev.opened.transformer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The entry programs' {@code SEC()} becomes the new hook's; a table that cannot take the context says so at it. */
final class SectionPass implements Pass {
    private static final Pattern SEC = Pattern.compile("SEC\\s*\\(([^)]*)\\)");
    private static final Pattern PARAM = Pattern.compile("\\(\\s*((?:const\\s+)?struct\\s+\\w+|void)\\s*\\*");

    @Override
    public void apply(Job job) {
        String text = job.text;
        for (Region p : job.programs) {
            Matcher sec = SEC.matcher(text).region(p.start(), p.bodyStart());
            if (sec.find()) {
                job.edits.replace(sec.start(), sec.end() - sec.start(), "SEC(\"" + job.hook.section() + "\")",
                        "section " + sec.group(1).trim() + " -> \"" + job.hook.section() + "\"");
            }
            if (job.table.contextError() != null) {
                Matcher param = PARAM.matcher(text).region(p.start(), p.bodyStart());
                int at = param.find() ? param.start(1) : p.start();
                job.error(at, String.format(job.table.contextError(), param.hitEnd() ? "its context" : param.group(1)));
            }
        }
    }
}
