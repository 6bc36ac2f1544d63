package dev.opened.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.opened.common.OpenedException;

/**
 * One boot of a kernel under QEMU with an initramfs holding busybox, OPENED's loader and the
 * objects; the loader's output comes back over the serial console. Every wait is bounded, and
 * QEMU is gone when {@link #run} returns, whatever happened.
 */
final class Guest {
    private static final String END = "\u0000END";

    private final Path qemu;
    private final Path image;
    private final Path loader;
    private final Path busybox;
    private final Timeouts timeouts;

    /**
     * How long to wait: for the kernel to come up, for the guest to say anything while loading,
     * and for a KVM guest's first line (a KVM guest prints within a second or two where KVM works;
     * on some machines QEMU spins silently under KVM, and waiting the whole boot timeout for it
     * would make every verification there take minutes).
     */
    record Timeouts(long bootSeconds, long idleSeconds, long kvmFirstLineSeconds) {
        Timeouts(long bootSeconds, long idleSeconds) {
            this(bootSeconds, idleSeconds, Math.min(bootSeconds, 8));
        }
    }

    Guest(Path qemu, Path image, Path loader, Path busybox, Timeouts timeouts) {
        this.qemu = qemu;
        this.image = image;
        this.loader = loader;
        this.busybox = busybox;
        this.timeouts = timeouts;
    }

    /** Boots, runs the loader with {@code loaderArgs} over {@code objects}, feeds its lines to {@code out}. */
    void run(List<Path> objects, List<String> loaderArgs, LoaderOutput out, Path work, boolean kvm) {
        run(objects, loaderArgs, java.util.Map.of(), out, work, kvm);
    }

    /** As above, with {@code files} (guest path relative to {@code /}, bytes) in the initramfs too. */
    void run(List<Path> objects, List<String> loaderArgs, java.util.Map<String, byte[]> files, LoaderOutput out, Path work,
            boolean kvm) {
        Path initrd = work.resolve("initramfs.cpio.gz");
        List<String> guestPaths = new ArrayList<>();
        try {
            Initramfs ird = new Initramfs().dir("bin").dir("proc").dir("sys").dir("dev").dir("objs")
                    .charDevice("dev/console", 5, 1).charDevice("dev/null", 1, 3)
                    .file("bin/busybox", busybox, true).file("opened-loader", loader, true);
            for (java.util.Map.Entry<String, byte[]> f : files.entrySet()) {
                ird.file(f.getKey(), f.getValue(), false);
            }
            for (int i = 0; i < objects.size(); i++) {
                String name = "objs/" + LoaderOutput.guestName(i, objects.get(i).getFileName().toString());
                ird.file(name, objects.get(i), false);
                guestPaths.add("/" + name);
            }
            StringBuilder init = new StringBuilder("#!/bin/busybox sh\n")
                    .append("/bin/busybox mount -t proc proc /proc\n")
                    .append("/bin/busybox mount -t sysfs sys /sys\n")
                    .append("echo \"@@OPENED-READY $(/bin/busybox uname -r)\"\n")
                    .append("/opened-loader");
            loaderArgs.forEach(a -> init.append(' ').append(a));
            guestPaths.forEach(p -> init.append(' ').append(p));
            init.append("\n/bin/busybox poweroff -f\n");
            ird.file("init", init.toString().getBytes(StandardCharsets.UTF_8), true);
            ird.write(initrd);
        } catch (IOException e) {
            throw OpenedException.failure("cannot write the initramfs in " + work + ": " + e.getMessage());
        }
        List<String> cmd = new ArrayList<>(List.of(qemu.toString(), "-accel", kvm ? "kvm" : "tcg",
                "-cpu", kvm ? "host" : "max", "-m", "512", "-smp", "1", "-display", "none", "-serial", "stdio", "-monitor", "none",
                "-nic", "none", "-no-user-config",
                "-no-reboot", "-kernel", image.toString(), "-initrd", initrd.toString(),
                // no_timer_check: under emulation the kernel's IO-APIC timer check can miss ticks and
                // panic ("IO-APIC + timer doesn't work!", in clear_IO_APIC_pin) in about one boot of eight
                "-append", "console=ttyS0 panic=-1 oops=panic no_timer_check quiet loglevel=1 rdinit=/init"));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw OpenedException.badInput(qemu + ": cannot start: " + e.getMessage());
        }
        Thread hook = new Thread(() -> Processes.kill(p));
        Runtime.getRuntime().addShutdownHook(hook);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process went away; the end marker says so
            } finally {
                lines.add(END);
            }
        }, "opened-qemu-console");
        reader.setDaemon(true);
        reader.start();
        Deque<String> last = new ArrayDeque<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeouts.bootSeconds());
            long kvmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeouts.kvmFirstLineSeconds());
            boolean heard = false;
            while (true) {
                long wait = (kvm && !heard ? Math.min(deadline, kvmDeadline) : deadline) - System.nanoTime();
                String l = wait <= 0 ? null : lines.poll(wait, TimeUnit.NANOSECONDS);
                if (l == null && kvm && !heard) {
                    throw new KvmFailed("QEMU printed nothing in " + timeouts.kvmFirstLineSeconds() + " s under KVM");
                }
                if (l != null) {
                    heard = true;
                }
                if (l == null) {
                    if (out.release == null) {
                        throw OpenedException.failure(image + ": the kernel did not come up in " + timeouts.bootSeconds()
                                + " s (last console lines: " + String.join(" / ", last) + "); is it an x86-64 bzImage?");
                    }
                    throw OpenedException.failure("the guest stopped answering for " + timeouts.idleSeconds() + " s"
                            + (out.current == null ? "" : " while loading " + out.current)
                            + "; the program may wedge the kernel");
                }
                if (l.equals(END)) {
                    if (kvm && out.release == null) {
                        throw new KvmFailed(String.join(" / ", last));
                    }
                    if (!out.done) {
                        throw new BootDied(image + ": QEMU ended before the loader finished (exit "
                                + exitOf(p) + "; last console lines: " + String.join(" / ", last) + ")",
                                out.verdicts.isEmpty());
                    }
                    break;
                }
                last.addLast(l.length() > 160 ? l.substring(0, 160) : l);
                if (last.size() > 6) {
                    last.removeFirst();
                }
                out.line(l);
                if (out.done) {
                    break;
                }
                // only the loader's own lines show progress: kernel messages (a soft lockup
                // repeated) must not keep a wedged guest alive
                if (out.release != null && (l.contains("@@OPENED-") || l.startsWith("| "))) {
                    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeouts.idleSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpenedException.failure("interrupted");
        } finally {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    Processes.kill(p);
                }
            } catch (InterruptedException e) {
                Processes.kill(p);
                Thread.currentThread().interrupt();
            }
            Processes.kill(p);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already; the hook runs
            }
        }
    }

    /** KVM is there but does not run guests (as on these build machines): boot again under TCG. */
    static final class KvmFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KvmFailed(String why) {
            super(why);
        }
    }

    /** QEMU ended before the loader finished: a kernel panic, or a program that brought the kernel down. */
    static final class BootDied extends OpenedException {
        private static final long serialVersionUID = 1L;
        /** True when no program had been loaded yet: the boot itself died, and another boot may not. */
        final boolean beforeAnyVerdict;

        BootDied(String message, boolean beforeAnyVerdict) {
            super(Kind.FAILURE, message);
            this.beforeAnyVerdict = beforeAnyVerdict;
        }
    }

    private static String exitOf(Process p) {
        try {
            return p.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(p.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
