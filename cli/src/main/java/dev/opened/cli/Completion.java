package dev.opened.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/**
 * {@code opened completion bash}: a bash completion script written from the verb catalog, so that
 * a new verb or option completes without anyone editing a script.
 */
final class Completion extends TextBuiltin {
    /** What {@code --hook} completes to: the hooks as users type them. */
    private static final List<String> HOOKS = List.of("xdp", "tc", "tc/ingress", "tc/egress", "cgroup_skb/ingress",
            "cgroup_skb/egress", "socket", "kprobe/", "kretprobe/", "fentry/", "fexit/", "tracepoint/", "raw_tp/");

    @Override
    public String name() {
        return "completion";
    }

    @Override
    public String description() {
        return "print a bash completion script for every verb and option (source <(opened completion bash))";
    }

    @Override
    protected String synopsis() {
        return "bash";
    }

    @Override
    protected List<String> formats() {
        return List.of("text");
    }

    @Override
    protected int run(CommandLine cl) {
        if (cl.getArgList().size() != 1 || !cl.getArgList().get(0).equals("bash")) {
            throw usage("give the shell: bash (the only one so far)");
        }
        out.print(script(new CommandCatalog()));
        return 0;
    }

    /** The script: verbs after {@code opened}, each verb's long options after it, hooks after {@code --hook}, files elsewhere. */
    static String script(CommandCatalog catalog) {
        StringBuilder cases = new StringBuilder();
        for (TextBuiltin verb : catalog.all()) {
            TreeSet<String> opts = new TreeSet<>();
            for (Option o : verb.allOptions().getOptions()) {
                opts.add(o.getLongOpt() != null ? "--" + o.getLongOpt() : "-" + o.getOpt());
            }
            cases.append("    ").append(verb.name()).append(") opts=\"").append(String.join(" ", opts)).append("\";;\n");
        }
        List<String> verbs = new ArrayList<>(catalog.names());
        return """
                # bash completion for opened, written by `opened completion bash` from its verb catalog.
                # Use: source <(opened completion bash), or save it as
                # ~/.local/share/bash-completion/completions/opened
                _opened() {
                  local cur prev verb opts i
                  cur="${COMP_WORDS[COMP_CWORD]}"
                  prev="${COMP_WORDS[COMP_CWORD-1]}"
                  verb=""
                  for ((i = 1; i < COMP_CWORD; i++)); do
                    case "${COMP_WORDS[i]}" in
                      --db) ((i++));;
                      -*) ;;
                      *) verb="${COMP_WORDS[i]}"; break;;
                    esac
                  done
                  if [[ -z "$verb" ]]; then
                    if [[ "$prev" == --db ]]; then COMPREPLY=($(compgen -f -- "$cur")); return; fi
                    COMPREPLY=($(compgen -W "VERBS --db --version --help" -- "$cur"))
                    return
                  fi
                  case "$verb" in
                CASES    *) opts="";;
                  esac
                  if [[ "$prev" == --hook ]]; then
                    compopt -o nospace 2>/dev/null
                    COMPREPLY=($(compgen -W "HOOKS" -- "$cur"))
                  elif [[ "$verb" == help && "$prev" == help ]]; then
                    COMPREPLY=($(compgen -W "VERBS" -- "$cur"))
                  elif [[ "$cur" == -* ]]; then
                    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
                  else
                    COMPREPLY=($(compgen -f -- "$cur"))
                  fi
                }
                complete -o default -F _opened opened
                """.replace("VERBS", String.join(" ", verbs)).replace("HOOKS", String.join(" ", HOOKS))
                .replace("CASES", cases.toString());
    }
}
