package dev.opened.callgraph;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean": names close to a mistyped one, by edit distance and shared substrings. */
final class Names {
    private Names() {
    }

    static List<String> closest(String wanted, Collection<String> names, int max) {
        String w = wanted.toLowerCase(Locale.ROOT);
        return names.stream().distinct()
                .map(n -> new Object[] {n, score(w, n.toLowerCase(Locale.ROOT))})
                .filter(a -> (int) a[1] <= Math.max(2, w.length() / 3) || ((String) a[0]).toLowerCase(Locale.ROOT).contains(w))
                .sorted(Comparator.comparingInt((Object[] a) -> (int) a[1]).thenComparing(a -> (String) a[0]))
                .limit(max).map(a -> (String) a[0]).toList();
    }

    private static int score(String a, String b) {
        if (b.contains(a) || a.contains(b)) {
            return Math.abs(a.length() - b.length()) / 2;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
