package dev.opened.verifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.google.gson.Gson;

import dev.opened.common.CacheRoot;
import dev.opened.common.FileTrees;
import dev.opened.common.OpenedException;

/**
 * Loads BPF objects into a real kernel and reports, per program, what its verifier said: under
 * QEMU with Debian's kernel (fetched once into the cache) or any bzImage, all objects in one
 * boot, or into the running kernel. Also asks a kernel which helpers each program type allows.
 */
public final class Verifier {
    private final Path cache;
    private final Path projectRoot;
    private final Guest.Timeouts timeouts;
    /** Finds a tool on PATH; tests replace it to show what a missing tool does. */
    java.util.function.Function<String, Path> tools = Processes::which;
    /** The loader binary; tests put a loader that never answers here, as a wedged guest would. */
    java.util.function.Supplier<Path> loader;
    /** Runs the loader on the running kernel; tests prefix a privilege drop ({@code setpriv}). */
    List<String> hostPrefix = List.of();
    private static final int EPERM = 1;
    /** Where probe results are cached; tests point it at an empty directory to probe for real. */
    Path probes;
    /** Whether {@code /dev/kvm} is there for us; tests say yes to try KVM with a stand-in QEMU. */
    java.util.function.BooleanSupplier kvmDevice = Verifier::kvmDevicePresent;
    /** Remembers that KVM ran no guest here, so later boots go straight to TCG. */
    Path kvmMarker;

    /**
     * @param cache OPENED's cache ({@code CacheRoot.get()} but in tests): kernels, the loader, probe results
     * @param projectRoot the OPENED checkout, whose {@code bin/fetch-kernel} fetches Debian's kernel
     * @param bootSeconds how long a kernel may take to come up
     * @param idleSeconds how long the guest may stay silent while loading
     */
    public Verifier(Path cache, Path projectRoot, long bootSeconds, long idleSeconds) {
        this.cache = cache;
        this.projectRoot = projectRoot;
        this.timeouts = new Guest.Timeouts(bootSeconds, idleSeconds);
        this.loader = () -> LoaderBuild.ensure(cache);
        this.probes = cache.resolve("probes");
        this.kvmMarker = kvmMarker(cache);
    }

    /** The file that remembers that KVM ran no guest on this machine. */
    static Path kvmMarker(Path cache) {
        return cache.resolve("kvm-does-not-work");
    }

    static boolean kvmDevicePresent() {
        return Files.isReadable(Path.of("/dev/kvm")) && Files.isWritable(Path.of("/dev/kvm"));
    }

    private static void remember(Path marker, String why) {
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, why + "\n");
        } catch (IOException io) {
            // then KVM is tried again next time
        }
    }

    /**
     * Looks for QEMU and busybox on {@code searchPath} (a {@code PATH} value) instead of this
     * process's {@code PATH}; null keeps the process's. Returns this verifier.
     */
    public Verifier searching(String searchPath) {
        if (searchPath != null) {
            tools = tool -> Processes.which(tool, searchPath);
        }
        return this;
    }

    /**
     * The kernel a {@code --kernel} value names: {@code debian} (fetched when absent), {@code host},
     * or a path to a bzImage; a missing image is bad input.
     */
    public KernelTarget kernel(String spec) {
        if (spec.equals("host")) {
            return KernelTarget.host();
        }
        if (spec.equals("debian")) {
            Path image = debianImage();
            return new KernelTarget("debian", image);
        }
        Path p = Path.of(spec);
        if (!Files.isRegularFile(p)) {
            throw OpenedException.badInput(spec + ": no such kernel image; give --kernel debian, host, or the path of a bzImage");
        }
        return new KernelTarget(p.getFileName().toString(), KernelImage.check(spec, p).toAbsolutePath());
    }

    private Path debianImage() {
        Path current = cache.resolve("kernels/debian/current");
        if (!readable(current)) {
            Path script = projectRoot == null ? null : projectRoot.resolve("bin/fetch-kernel");
            if (script == null || !Files.isExecutable(script)) {
                throw OpenedException.badInput("Debian's kernel is not in " + current.getParent() + "; run bin/fetch-kernel");
            }
            // the script fetches into this verifier's cache, whatever the environment says
            Processes.Result r = Processes.run(projectRoot, List.of("env", "OPENED_CACHE=" + cache.toAbsolutePath(),
                    script.toString()), 900);
            if (r.exit() != 0 || !readable(current)) {
                throw OpenedException.badInput("cannot fetch Debian's kernel: " + r.output().strip());
            }
        }
        try {
            Path image = Path.of(Files.readString(current).trim());
            if (!Files.isRegularFile(image)) {
                throw OpenedException.badInput(image + ": the cached kernel is gone; remove " + current + " and run bin/fetch-kernel");
            }
            return image;
        } catch (IOException e) {
            throw OpenedException.badInput(current + ": " + e.getMessage());
        }
    }

    private static boolean readable(Path p) {
        try {
            return Files.isRegularFile(p) && Files.isRegularFile(Path.of(Files.readString(p).trim()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Checks every object is a BPF object with programs before anything boots; bad input otherwise. */
    public static void checkObjects(List<Path> objects) {
        if (objects.isEmpty()) {
            throw OpenedException.badInput("nothing to verify: give unit directories or .o files");
        }
        objects.forEach(Elf::programSections);
    }

    /** Loads every program of every object into {@code kernel}, one boot for all; verdicts in order. */
    public List<ProgramVerdict> verify(List<Path> objects, KernelTarget kernel) {
        return verify(objects, kernel, v -> { });
    }

    /**
     * As {@link #verify(List, KernelTarget)}, telling {@code onVerdict} of each verdict as the kernel
     * gives it (for progress, and the time to the first verdict).
     */
    public List<ProgramVerdict> verify(List<Path> objects, KernelTarget kernel, java.util.function.Consumer<ProgramVerdict> onVerdict) {
        checkObjects(objects);
        return verify(objects, objects.stream().map(Path::toString).toList(), kernel, onVerdict);
    }

    /**
     * Loads objects already checked to be BPF objects with programs, each row naming the target
     * the user gave for it ({@code targets} parallel to {@code objects}).
     */
    List<ProgramVerdict> verify(List<Path> objects, List<String> targets, KernelTarget kernel,
            java.util.function.Consumer<ProgramVerdict> onVerdict) {
        LoaderOutput out = run(kernel, objects.stream().map(p -> p.toAbsolutePath().normalize()).toList(), targets,
                List.of(), Map.of(), onVerdict);
        // an object libbpf cannot open (legacy maps, say) still has programs: name each of them
        List<ProgramVerdict> named = new ArrayList<>();
        for (int i = 0; i < out.verdicts.size(); i++) {
            ProgramVerdict v = out.verdicts.get(i);
            int index = out.objectIndexes.get(i);
            Path obj = index >= 0 ? objects.get(index) : null;
            if (!v.program().equals("-") || obj == null || Elf.programs(obj).isEmpty()) {
                named.add(v);
                continue;
            }
            Elf.programs(obj).forEach((section, fns) -> fns.forEach(fn -> named.add(new ProgramVerdict(v.target(), v.kernel(),
                    v.object(), fn, section, "-", v.verdict(), null, null, null, v.errno(), v.message(), null, v.logTail(),
                    v.notes()))));
        }
        return named;
    }

    /**
     * Runs every program of every object on every packet with {@code BPF_PROG_TEST_RUN}, one boot
     * for all: per program its verdict and, when it ran, per packet the return code, the output
     * frame and the maps after the run (each packet starting from the maps as the load left them).
     * {@code targets} names each object as the user gave it (parallel to {@code objects}).
     */
    public List<ProgramRun> test(List<Path> objects, List<String> targets, List<Packet> packets, KernelTarget kernel) {
        checkObjects(objects);
        if (packets.isEmpty()) {
            throw OpenedException.badInput("no packets to test with");
        }
        LoaderOutput out = run(kernel, objects.stream().map(p -> p.toAbsolutePath().normalize()).toList(), targets,
                List.of("--test", "/packets.bin"), Map.of("packets.bin", Packets.encode(packets)), v -> { });
        List<ProgramRun> runs = new ArrayList<>();
        for (int i = 0; i < out.verdicts.size(); i++) {
            ProgramVerdict v = out.verdicts.get(i);
            List<PacketResult> results = new ArrayList<>();
            for (PacketResult r : out.runs.get(i)) {
                // the loader says "same" for an unchanged frame, to keep the console short
                results.add(r.out().equals("same") && r.packet() < packets.size()
                        ? new PacketResult(r.packet(), r.ret(), r.errno(), packets.get(r.packet()).hex(), r.maps()) : r);
            }
            runs.add(new ProgramRun(v.target(), v.object(), v.program(), v.section(), v.programType(), v.verdict(),
                    v.message(), results));
        }
        return runs;
    }

    /**
     * Which helpers each program type allows on {@code kernel}: probed in it once (one boot, the
     * probes {@code bpftool feature probe} runs), then cached per kernel under the cache's
     * {@code probes/}. For instance
     * {@code verifier.helperSupport(verifier.kernel("debian")).allows("xdp", "bpf_skb_change_tail")}
     * is false.
     */
    public HelperSupport helperSupport(KernelTarget kernel) {
        Path file = probes.resolve(probeKey(kernel) + "-v2.json");
        Gson gson = new Gson();
        if (Files.isRegularFile(file)) {
            try {
                return gson.fromJson(Files.readString(file), HelperSupport.class);
            } catch (IOException | RuntimeException e) {
                // probe again
            }
        }
        LoaderOutput out = run(kernel, List.of(), List.of(), List.of("--probe"), Map.of(), v -> { });
        Map<String, Set<String>> helpers = new TreeMap<>();
        out.probe.forEach((k, v) -> helpers.put(k, new TreeSet<>(v)));
        if (helpers.isEmpty()) {
            throw OpenedException.failure(out.kernel() + ": the helper probe found no program type; "
                    + (kernel.isHost() ? "run as root" : "the kernel may lack BPF"));
        }
        HelperSupport support = new HelperSupport(out.kernel(), helpers, new TreeSet<>(out.unprobeable));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "probe-", ".tmp");
            Files.writeString(tmp, gson.toJson(support));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // an uncached probe is still an answer
        }
        return support;
    }

    private String probeKey(KernelTarget kernel) {
        if (kernel.isHost()) {
            return "host-" + Processes.run(null, List.of("uname", "-r"), 10).output().trim();
        }
        try {
            return kernel.name() + "-" + LoaderBuild.sha((kernel.image() + ":" + Files.size(kernel.image()) + ":"
                    + Files.getLastModifiedTime(kernel.image())).getBytes()).substring(0, 16);
        } catch (IOException e) {
            throw OpenedException.badInput(kernel.image() + ": " + e.getMessage());
        }
    }

    private LoaderOutput run(KernelTarget kernel, List<Path> objects, List<String> targets, List<String> args,
            Map<String, byte[]> files, java.util.function.Consumer<ProgramVerdict> onVerdict) {
        Path loader = this.loader.get();
        List<String> names = objects.stream().map(o -> o.getFileName().toString()).toList();
        if (kernel.isHost()) {
            LoaderOutput out = new LoaderOutput(kernel.name(), names, targets);
            out.listener = onVerdict;
            List<String> cmd = new ArrayList<>(hostPrefix);
            cmd.add(loader.toString());
            Path links = numbered(objects);
            Processes.Result r;
            try {
                // the guest's files sit beside the links here, and the arguments naming them follow
                for (String a : args) {
                    String name = a.startsWith("/") ? a.substring(1) : null;
                    if (name != null && files.containsKey(name)) {
                        Files.write(links.resolve(name), files.get(name));
                        cmd.add(links.resolve(name).toString());
                    } else {
                        cmd.add(a);
                    }
                }
                for (int i = 0; i < objects.size(); i++) {
                    cmd.add(links.resolve(LoaderOutput.guestName(i, names.get(i))).toString());
                }
                r = Processes.run(null, cmd, Math.max(60, timeouts.idleSeconds() * Math.max(1, objects.size())));
            } catch (IOException e) {
                throw OpenedException.failure("cannot write " + links + ": " + e.getMessage());
            } finally {
                FileTrees.deleteQuietly(links);
            }
            out.release = Processes.run(null, List.of("uname", "-r"), 10).output().trim();
            r.output().lines().forEach(out::line);
            if (!out.done) {
                throw OpenedException.failure("the loader did not finish on the running kernel (exit " + r.exit() + "): "
                        + r.output().lines().reduce((a, b) -> b).orElse(""));
            }
            if (!out.verdicts.isEmpty() && out.verdicts.stream().allMatch(v -> v.verdict() == Verdict.NOT_LOADABLE && v.errno() == EPERM)) {
                throw OpenedException.badInput("the running kernel let no program load (EPERM): --kernel host needs root "
                        + "or CAP_BPF with CAP_PERFMON and CAP_NET_ADMIN; run it so, or use --kernel debian");
            }
            return out;
        }
        Path qemu = tools.apply("qemu-system-x86_64");
        if (qemu == null) {
            throw OpenedException.badInput("qemu-system-x86_64 is missing; apt-get install qemu-system-x86 (or use --kernel host)");
        }
        Path busybox = tools.apply("busybox");
        if (busybox == null) {
            throw OpenedException.badInput("busybox is missing; apt-get install busybox-static");
        }
        if (!Elf.isStatic(busybox)) {
            // the guest has no libc: a dynamically linked busybox cannot run its /init
            throw OpenedException.badInput(busybox + ": busybox is dynamically linked and cannot run alone in the guest; "
                    + "apt-get install busybox-static");
        }
        Path work;
        LoaderOutput out;
        try {
            work = Files.createTempDirectory("opened-guest-");
        } catch (IOException e) {
            throw OpenedException.failure("cannot make a temporary directory: " + e.getMessage());
        }
        try {
            Guest guest = new Guest(qemu, kernel.image(), loader, busybox, timeouts);
            boolean kvm = kvmDevice.getAsBoolean() && !Files.exists(kvmMarker);
            for (int boot = 1;; boot++) {
                out = new LoaderOutput(kernel.name(), names, targets);
                out.listener = onVerdict;
                try {
                    guest.run(objects, args, files, out, work, kvm);
                    break;
                } catch (Guest.KvmFailed e) {
                    remember(kvmMarker, e.getMessage());
                    kvm = false;
                    boot--;
                } catch (Guest.BootDied e) {
                    // a guest that died before it loaded anything gets one more boot: emulated
                    // guests panic now and then in early boot, and another boot does not
                    if (!e.beforeAnyVerdict || boot >= 2) {
                        throw e;
                    }
                }
            }
            return out;
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }

    /**
     * A directory of links named as the guest names objects ({@code N-name}), so that the running
     * kernel's verdicts, too, say which of two same-named objects they are about. Readable by all:
     * the loader may run as another user.
     */
    private static Path numbered(List<Path> objects) {
        try {
            Path dir = Files.createTempDirectory("opened-host-");
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            for (int i = 0; i < objects.size(); i++) {
                Files.createSymbolicLink(dir.resolve(LoaderOutput.guestName(i, objects.get(i).getFileName().toString())),
                        objects.get(i));
            }
            return dir;
        } catch (IOException e) {
            throw OpenedException.failure("cannot make a temporary directory: " + e.getMessage());
        }
    }
}
