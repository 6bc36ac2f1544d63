package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.common.CacheRoot;
import dev.opened.common.OpenedException;

/**
 * What emulators do on the machines OPENED runs on, played by a stand-in QEMU on the verifier's
 * PATH that behaves badly first and then runs the real QEMU: KVM that spins without a word, and a
 * kernel that panics in early boot. Each time verification still ends with real verdicts.
 */
@Tag("kernel")
class EmulatorQuirksTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noQemuIsLeft() {
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").contains("qemu-system") || p.info().command().orElse("").endsWith("sleep"))
                .toList()).isEmpty();
    }

    /** A {@code qemu-system-x86_64} script in {@code tmp/bin} with {@code body} before it runs the real one. */
    private String standIn(String body) throws Exception {
        Path real = Processes.which("qemu-system-x86_64");
        assertThat(real).as("qemu-system-x86_64 on PATH").isNotNull();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path script = bin.resolve("qemu-system-x86_64");
        Files.writeString(script, "#!/bin/sh\necho \"$*\" >> " + tmp.resolve("qemu-args") + "\n" + body + "\nexec " + real + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin + ":" + System.getenv("PATH");
    }

    private List<String> runs() throws Exception {
        return Files.readAllLines(tmp.resolve("qemu-args"));
    }

    @Test
    void kvmThatPrintsNothingIsEndedAndTheBootRetriedUnderTcg() throws Exception {
        // as on machines where /dev/kvm opens but a guest never runs: QEMU spins and says nothing
        String path = standIn("case \"$*\" in *\"-accel kvm\"*) exec sleep 600;; esac");
        Path object = TestObjects.compile("xdp_ok", tmp);
        Verifier v = new Verifier(CacheRoot.get(), TestObjects.projectRoot(), 180, 60).searching(path);
        v.kvmDevice = () -> true;
        v.kvmMarker = tmp.resolve("kvm-does-not-work");
        long t0 = System.nanoTime();
        List<ProgramVerdict> verdicts = v.verify(List.of(object), v.kernel("debian"));
        System.out.printf("KVM silent, then TCG: verdicts after %.1f s%n", (System.nanoTime() - t0) / 1e9);

        assertThat(verdicts).singleElement().extracting(ProgramVerdict::verdict).isEqualTo(Verdict.ACCEPTED);
        assertThat(runs()).hasSize(2);
        assertThat(runs().get(0)).contains("-accel kvm");
        assertThat(runs().get(1)).contains("-accel tcg");
        assertThat(Files.readString(v.kvmMarker)).contains("QEMU printed nothing in 8 s under KVM");
        assertThat(Doctor.kvm(true, v.kvmMarker)).satisfies(c -> {
            assertThat(c.detail()).startsWith("present but does not run guests here (QEMU printed nothing in 8 s under KVM)");
            assertThat(c.warning()).isTrue();
        });

        // remembered: the next verification goes straight to TCG
        assertThat(v.verify(List.of(object), v.kernel("debian"))).singleElement()
                .extracting(ProgramVerdict::verdict).isEqualTo(Verdict.ACCEPTED);
        assertThat(runs()).hasSize(3);
        assertThat(runs().get(2)).contains("-accel tcg");
    }

    @Test
    void aGuestThatPanicsInEarlyBootIsBootedOnceMore() throws Exception {
        Path once = tmp.resolve("panicked-once");
        String path = standIn("if [ ! -e " + once + " ]; then touch " + once
                + "; echo 'Kernel panic - not syncing: IO-APIC + timer doesn'\\''t work!'; exit 1; fi");
        Path object = TestObjects.compile("xdp_ok", tmp);
        Verifier v = new Verifier(CacheRoot.get(), TestObjects.projectRoot(), 180, 60).searching(path);
        v.kvmDevice = () -> false;
        assertThat(v.verify(List.of(object), v.kernel("debian"))).singleElement()
                .extracting(ProgramVerdict::verdict).isEqualTo(Verdict.ACCEPTED);
        assertThat(runs()).hasSize(2);
        // the usual option for emulated guests against that panic
        assertThat(runs()).allSatisfy(args -> assertThat(args).contains("no_timer_check"));
    }

    @Test
    void aGuestThatPanicsEveryTimeIsAnErrorAfterTheSecondBoot() throws Exception {
        String path = standIn("echo 'Kernel panic - not syncing: VFS: Unable to mount root fs'; exit 1");
        Path object = TestObjects.compile("xdp_ok", tmp);
        Verifier v = new Verifier(CacheRoot.get(), TestObjects.projectRoot(), 180, 60).searching(path);
        v.kvmDevice = () -> false;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> v.verify(List.of(object), v.kernel("debian")))
                .isInstanceOf(OpenedException.class).hasMessageContaining("QEMU ended before the loader finished")
                .hasMessageContaining("Kernel panic");
        assertThat(runs()).hasSize(2);
    }
}
