package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.common.CacheRoot;
import dev.opened.common.OpenedException;

/**
 * Every wait is bounded: a kernel that does not come up, an image that is no kernel, a guest that
 * goes silent while loading, a tool that hangs. Each ends with a clear error and leaves no QEMU.
 */
@Tag("kernel")
class NothingHangsTest {
    @TempDir
    Path tmp;

    private static Verifier verifier(long bootSeconds, long idleSeconds) {
        return new Verifier(CacheRoot.get(), TestObjects.projectRoot(), bootSeconds, idleSeconds);
    }

    /** QEMUs started by this JVM: none may outlive a verification. */
    private static List<ProcessHandle> ourQemus() {
        return ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").contains("qemu-system")).toList();
    }

    @AfterEach
    void noQemuIsLeft() {
        assertThat(ourQemus()).isEmpty();
    }

    @Test
    void aKernelThatDoesNotComeUpInTime() throws Exception {
        Path o = TestObjects.compile("xdp_ok", tmp);
        Verifier v = verifier(1, 30);
        assertThatThrownBy(() -> v.verify(List.of(o), v.kernel("debian"))).isInstanceOf(OpenedException.class)
                .hasMessageStartingWith(v.kernel("debian").image() + ": the kernel did not come up in 1 s")
                .matches(e -> !((OpenedException) e).badInput());
    }

    @Test
    void anImageThatIsNoKernel() throws Exception {
        Path o = TestObjects.compile("xdp_ok", tmp);
        Path junk = tmp.resolve("bzImage");
        byte[] bytes = new byte[1 << 16];
        new java.util.Random(42).nextBytes(bytes);
        Files.write(junk, bytes);
        Verifier v = verifier(20, 30);
        assertThatThrownBy(() -> v.verify(List.of(o), v.kernel(junk.toString()))).isInstanceOf(OpenedException.class)
                .hasMessageStartingWith(junk + ": ").hasMessageNotContaining("\n");
    }

    @Test
    void aGuestThatGoesSilentWhileLoadingIsStopped() throws Exception {
        // the verifier takes over a second on this program under TCG: with a one-second bound on
        // silence, it stands for a program that wedges the guest
        Path o = TestObjects.compile("too_large", tmp);
        Verifier v = verifier(180, 1);
        assertThatThrownBy(() -> v.verify(List.of(o), v.kernel("debian"))).isInstanceOf(OpenedException.class)
                .hasMessage("the guest stopped answering for 1 s while loading too_large.o:xdp_too_large; "
                        + "the program may wedge the kernel")
                .matches(e -> !((OpenedException) e).badInput());
    }

    @Test
    void aToolThatHangsIsKilled() {
        Processes.Result r = Processes.run(null, List.of("sh", "-c", "echo started; exec sleep 600"), 1);
        assertThat(r.exit()).isEqualTo(124);
        assertThat(r.output()).startsWith("started\n").endsWith("sh: timed out after 1 s");
    }

    @Test
    void aLoaderThatNeverAnswersIsAWedgedGuest() throws Exception {
        // a loader that says nothing and never returns: the guest is up, and wedged
        Path src = tmp.resolve("wedged.c");
        Files.writeString(src, "#include <unistd.h>\nint main(void) { for (;;) pause(); }\n");
        Path wedged = tmp.resolve("wedged");
        assertThat(Processes.run(tmp, List.of("gcc", "-static", "-O2", "-o", wedged.toString(), src.toString()), 120).exit())
                .isZero();
        Path o = TestObjects.compile("xdp_ok", tmp);
        Verifier v = new Verifier(CacheRoot.get(), TestObjects.projectRoot(), 180, 5);
        v.loader = () -> wedged;
        assertThatThrownBy(() -> v.verify(List.of(o), v.kernel("debian"))).isInstanceOf(OpenedException.class)
                .hasMessageStartingWith("the guest stopped answering for 5 s")
                .matches(e -> !((OpenedException) e).badInput());
    }
}
