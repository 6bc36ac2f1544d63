package dev.opened.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.opened.callgraph.testing.GitFixtures;

/**
 * docs/IDE.md's recipes as written: the VS Code tasks and the Eclipse external tool are run with
 * their own command lines (the IDE's variables filled in as the IDE would, for a cursor in a
 * JGit-made clone of a repo crawled from a bare mirror), and their output is matched with the
 * doc's own regular expressions. The launcher is run in-process, with this test's database.
 */
class IdeRecipesTest {
    @TempDir
    static Path tmp;
    static Path db;
    static Path checkout;
    static Path home;
    static String doc;

    @BeforeAll
    static void crawlAMirrorAndCloneIt() throws Exception {
        doc = Files.readString(GitFixtures.projectRoot().resolve("docs/IDE.md"));
        Path upstream = GitFixtures.corpusRepo("lb", tmp.resolve("upstream"));
        Path mirror = tmp.resolve("mirror/lb.git");
        Git.cloneRepository().setURI(upstream.toUri().toString()).setDirectory(mirror.toFile()).setBare(true).call().close();
        db = tmp.resolve("cg.db");
        assertThat(Cli.run(db, "crawl", mirror.toString(), "--name", "lb").exit()).isZero();
        checkout = tmp.resolve("work/lb");
        Git.cloneRepository().setURI(upstream.toUri().toString()).setDirectory(checkout.toFile()).call().close();
        home = Files.createDirectories(tmp.resolve("home"));
    }

    @Test
    void vsCodeTasksRunAndTheirProblemMatcherTakesEveryDiagnostic() {
        JsonObject tasks = JsonParser.parseString(block(section("## VS Code"), "json")).getAsJsonObject();
        JsonObject input = tasks.getAsJsonArray("inputs").get(0).getAsJsonObject();
        assertThat(input.get("id").getAsString()).isEqualTo("hook");
        int diagnostics = 0;
        assertThat(tasks.getAsJsonArray("tasks")).hasSize(4);
        for (JsonElement t : tasks.getAsJsonArray("tasks")) {
            JsonObject task = t.getAsJsonObject();
            assertThat(task.get("command").getAsString()).isEqualTo("opened");
            JsonObject matcher = task.getAsJsonObject("problemMatcher");
            assertThat(matcher.get("owner").getAsString()).isEqualTo("opened");
            assertThat(matcher.get("fileLocation").getAsString()).isEqualTo("absolute");
            JsonObject p = matcher.getAsJsonObject("pattern");
            Pattern regexp = Pattern.compile(p.get("regexp").getAsString());
            List<String> hooks = new ArrayList<>();
            input.getAsJsonArray("options").forEach(o -> hooks.add(o.getAsString()));
            for (String[] cursor : List.of(new String[] {"tunnel_tc.c", "28"}, new String[] {"balancer.c", "90"})) {
                for (String hook : task.toString().contains("${input:hook}") ? hooks : List.of("-")) {
                    Map<String, String> vars = new LinkedHashMap<>();
                    vars.put("${file}", checkout.resolve(cursor[0]).toString());
                    vars.put("${lineNumber}", cursor[1]);
                    vars.put("${userHome}", home.toString());
                    vars.put("${fileBasenameNoExtension}", cursor[0].replace(".c", ""));
                    vars.put("${input:hook}", hook);
                    List<String> args = new ArrayList<>();
                    task.getAsJsonArray("args").forEach(a -> args.add(fill(a.getAsString(), vars)));
                    Cli.Run run = Cli.run(db, args.toArray(String[]::new));
                    assertThat(run.exit()).as(args + "\n" + run.err()).isIn(0, 1);
                    for (Matcher m : matches(regexp, run.out() + run.err())) {
                        diagnostics++;
                        Path file = Path.of(m.group(p.get("file").getAsInt()));
                        assertThat(file).as(m.group()).isAbsolute().isRegularFile();
                        assertThat(file.startsWith(checkout) || file.startsWith(home)).as(m.group()).isTrue();
                        assertThat(Integer.parseInt(m.group(p.get("line").getAsInt()))).isPositive();
                        assertThat(Integer.parseInt(m.group(p.get("column").getAsInt()))).isPositive();
                        assertThat(m.group(p.get("severity").getAsInt())).isIn("error", "warning", "note");
                        assertThat(m.group(p.get("message").getAsInt())).isNotBlank();
                    }
                    assertEveryDiagnosticMatched(regexp, run);
                }
            }
        }
        // tc_vlan_tag pushes a VLAN tag: no XDP helper for that, an error at its line in the checkout
        assertThat(diagnostics).isPositive();
    }

    @Test
    void eclipseToolRunsAndItsErrorParserTakesTheErrors() throws Exception {
        String eclipse = section("## Eclipse CDT");
        Element launch = xml(block(eclipse, "xml"));
        String arguments = null;
        NodeList attrs = launch.getElementsByTagName("stringAttribute");
        for (int i = 0; i < attrs.getLength(); i++) {
            Element a = (Element) attrs.item(i);
            if (a.getAttribute("key").endsWith("ATTR_TOOL_ARGUMENTS")) {
                arguments = a.getAttribute("value");
            }
            if (a.getAttribute("key").endsWith("ATTR_LOCATION")) {
                assertThat(a.getAttribute("value")).isEqualTo("${system_path:opened}");
            }
        }
        Element parser = xml(block(eclipse.substring(eclipse.indexOf("**Error parser.**")), "xml"));
        NodeList patterns = parser.getElementsByTagName("pattern");
        assertThat(patterns.getLength()).isEqualTo(2);
        int errors = 0;
        // the prompt for the hook answered with its default, then with xdp
        for (String hook : List.of("tc", "xdp")) {
            Map<String, String> vars = Map.of("${resource_loc}", checkout.resolve("tunnel_tc.c").toString(),
                    "${selected_text}", "tc_vlan_tag", "${string_prompt:hook:tc}", hook,
                    "${project_loc}", checkout.toString());
            // Eclipse splits the arguments at white space
            String[] args = Arrays.stream(arguments.trim().split("\\s+")).map(a -> fill(a, vars)).toArray(String[]::new);
            Cli.Run run = Cli.run(db, args);
            assertThat(run.exit()).as(run.err()).isIn(0, 1);
            for (int i = 0; i < patterns.getLength(); i++) {
                Element p = (Element) patterns.item(i);
                Pattern regex = Pattern.compile(p.getAttribute("regex"));
                for (Matcher m : matches(regex, run.out() + run.err())) {
                    Path file = Path.of(group(m, p.getAttribute("file-expr")));
                    assertThat(file).as(m.group()).isAbsolute().isRegularFile();
                    assertThat(file.startsWith(checkout) || file.startsWith(checkout.getParent().resolve("opened-units")))
                            .as(m.group()).isTrue();
                    assertThat(Integer.parseInt(group(m, p.getAttribute("line-expr")))).isPositive();
                    if (p.getAttribute("severity").equals("Error")) {
                        errors++;
                        assertThat(group(m, p.getAttribute("description-expr"))).contains("bpf_skb_vlan_push");
                        assertThat(file).isEqualTo(checkout.resolve("tunnel_tc.c"));
                    }
                }
            }
        }
        assertThat(errors).isPositive();
    }

    /** Every line in the GNU diagnostic form is one the regex takes: nothing slips past the IDE. */
    private static void assertEveryDiagnosticMatched(Pattern regexp, Cli.Run run) {
        for (String line : (run.out() + run.err()).split("\n")) {
            if (line.matches(".*:\\d+:\\d+: (error|warning|note): .*")) {
                assertThat(regexp.matcher(line).matches()).as(line).isTrue();
            }
        }
    }

    private static List<Matcher> matches(Pattern p, String text) {
        List<Matcher> all = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = p.matcher(line);
            if (m.matches()) {
                all.add(m);
            }
        }
        return all;
    }

    /** {@code $N} of an Eclipse error parser's expression. */
    private static String group(Matcher m, String expr) {
        assertThat(expr).matches("\\$\\d");
        return m.group(Integer.parseInt(expr.substring(1)));
    }

    private static String fill(String arg, Map<String, String> vars) {
        String s = arg;
        for (Map.Entry<String, String> v : vars.entrySet()) {
            s = s.replace(v.getKey(), v.getValue());
        }
        assertThat(s).as("a variable the test does not know in " + arg).doesNotContain("${");
        return s;
    }

    private static String section(String heading) {
        int start = doc.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int end = doc.indexOf("\n## ", start + heading.length() + 2);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    private static String block(String text, String lang) {
        int start = text.indexOf("```" + lang + "\n");
        assertThat(start).as("a ```" + lang + " block").isNotNegative();
        int from = start + lang.length() + 4;
        return text.substring(from, text.indexOf("\n```", from));
    }

    private static Element xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(text)))
                .getDocumentElement();
    }
}
