# Sourced last by bin/opened and by the distribution's launcher: the class path and the JVM flags
# every command starts with, the start-up archive recorded when it is missing or stale, then the
# command itself (the launcher's own arguments).
#   in:  JAVA, ROOT, LIB (the jars), FIRST (a jar before them, or empty), JSA (the archive), NATIVE
#        (SQLite's library, written by the training), STALE (non-empty: record the archive again)
# the class path spelled out in a fixed order: an archive is only used with the class path it was made with.
# The jars whose resources every command reads first (ours, SQLite's version, FreeMarker's), the large
# ones (CDT, JGit, the Eclipse platform) last: a resource lookup opens each jar before the one that has
# it, and opening CDT's and JGit's directories of entries was 30 ms of every start
CP="$FIRST"
for j in "$LIB"/opened-*.jar "$LIB"/sqlite-jdbc-*.jar "$LIB"/freemarker-*.jar "$LIB"/gson-*.jar "$LIB"/commons-cli-*.jar \
         "$LIB"/slf4j-*.jar "$LIB"/*.jar; do
  [[ -f "$j" ]] || continue
  case ":$CP:" in *":$j:"*) continue ;; esac
  CP+="${CP:+:}$j"
done
# the logging libraries named, not searched for: slf4j's service lookup and FreeMarker's probe for
# Log4j open every jar of the class path in each process, and slf4j-nop would drop what they log anyway
LOGS=(-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider -Dslf4j.internal.verbosity=WARN -Dorg.freemarker.loggerLibrary=none)
CDS=()
if [[ "${OPENED_CDS:-on}" != off ]]; then
  # made again after a build, and when this launcher's class path is not the one it was made with
  SAVED_CP=""
  [[ -f "$JSA.classpath" ]] && { IFS= read -r -d '' SAVED_CP < "$JSA.classpath"; } 2>/dev/null || true
  # where the archive cannot be written (a read-only cache) nothing is recorded, rather than a
  # training run in every command
  if [[ -n "$STALE" || ! -f "$JSA" || "$SAVED_CP" != "$CP" ]] && mkdir -p "${JSA%/*}" 2>/dev/null && [[ -w "${JSA%/*}" ]]; then
    if [[ -t 2 ]]; then echo "opened: recording the start-up archive (once after a build or an install)..." >&2; fi
    rm -rf "$NATIVE"
    # a private name until it is whole: a parallel run never maps a half-written archive
    # bounded: a training run that hangs must not hang the command the user asked for
    if timeout 300 "$JAVA" -XX:ArchiveClassesAtExit="$JSA.$$" -Xlog:cds=off -Xlog:cds+dynamic=off "${LOGS[@]}" -Xss8m -cp "$CP" \
         dev.opened.cli.CdsTraining "$ROOT" "$NATIVE" >/dev/null 2>&1 && [[ -s "$JSA.$$" ]]; then
      mv -f "$JSA.$$" "$JSA"
      printf '%s' "$CP" > "$JSA.classpath"
    else
      rm -f "$JSA.$$"
    fi
  fi
  # an archive the JVM refuses (another JDK, a changed jar) is skipped silently: it only costs speed
  [[ -f "$JSA" ]] && CDS=(-XX:SharedArchiveFile="$JSA" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  # org.sqlite.tmpdir: sqlite-jdbc lists its temp directory for stale copies of its library in every
  # process, and a shared /tmp holds thousands of entries; none are ever made in this one
  [[ -f "$NATIVE/libsqlitejdbc.so" ]] && CDS+=(-Dorg.sqlite.lib.path="$NATIVE" -Dorg.sqlite.lib.name=libsqlitejdbc.so \
    -Dorg.sqlite.tmpdir="$NATIVE")
  if [[ "${OPENED_JIT:-c1}" != full && -z "${OPENED_MAIN:-}" ]]; then
    CDS+=(-XX:TieredStopAtLevel=1)
    # C1 alone gets two compiler threads on two cores, beside a crawl's two parse threads: one is
    # enough there (xdp-tutorial's crawl 1.16 -> 1.09 s, extract 255 -> 237 ms alternated)
    if (( $(nproc 2>/dev/null || echo 4) <= 2 )); then CDS+=(-XX:CICompilerCount=1); fi
  fi
fi
exec "$JAVA" "${CDS[@]}" "${LOGS[@]}" ${OPENED_JAVA_OPTS:--Xms256m -Xss8m} -Dopened.root="$ROOT" \
  -Dopened.launcher="$ROOT/bin/opened" -cp "$CP" "${OPENED_MAIN:-dev.opened.cli.Main}" "$@"
