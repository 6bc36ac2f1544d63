package dev.opened.callgraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.internal.core.parser.scanner.CharArray;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;

/**
 * Headers read from the disk (the system's, libbpf's), kept decoded for the process. Every unit of a
 * crawl includes libbpf's and the kernel's UAPI headers again, and CDT reads a file of 64 KiB or
 * more ({@code linux/bpf.h}, {@code bpf_helper_defs.h}) lazily, decoding it chunk by chunk for
 * every unit: a fifth of xdp-tutorial's crawl. The characters are CDT's own decoding of the file,
 * read once, and each parse gets new content holding them with the file's location and times, as
 * CDT made it (the characters themselves shared, never written, so the hash CDT takes of every
 * included file is computed once too). Keyed by path, size and modification time: a header changed on disk is read again.
 * The file texts, not parser objects, are what is kept, and no more than {@link #LIMIT} characters.
 */
final class SystemHeaders {
    private static final long LIMIT = 64L << 20;

    private record Key(String path, long size, long modified) {
        // written out: a record's generated equals and hashCode are bootstrapped through method
        // handles on first use, on the first parse thread of every crawl (docs/PERFORMANCE.md)
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && size == k.size && modified == k.modified && path.equals(k.path);
        }

        @Override
        public int hashCode() {
            return (path.hashCode() * 31 + Long.hashCode(size)) * 31 + Long.hashCode(modified);
        }
    }

    /** A header's characters as CDT decoded them, with the file's location and times. */
    record Text(String location, CharArray chars, long timestamp, long fileSize, long readTime) {
        /** New content for one parse (CDT sets fields of its own on it), sharing the characters. */
        InternalFileContent content() {
            return new InternalFileContent(location, chars, timestamp, fileSize, readTime);
        }
    }

    private static final Map<Key, Text> TEXTS = new ConcurrentHashMap<>();
    private static final AtomicLong HELD = new AtomicLong();

    private SystemHeaders() {
    }

    /** The content CDT gives for the file at {@code path}, from the characters read before when the file is unchanged. */
    static InternalFileContent content(String path) {
        Text t = text(path);
        return t != null ? t.content() : (InternalFileContent) FileContent.createForExternalFileLocation(path);
    }

    /**
     * The text of the file at {@code path}: its comments taken out ({@link Uncommented}), libbpf's
     * tracing macros patched so that CDT does not recurse forever; null when it cannot be read.
     */
    static Text text(String path) {
        Key key;
        try {
            BasicFileAttributes a = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
            key = new Key(path, a.size(), a.lastModifiedTime().toMillis());
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Text t = TEXTS.get(key);
        if (t == null) {
            InternalFileContent read = (InternalFileContent) FileContent.createForExternalFileLocation(path);
            if (read == null || read.hasError() || read.getSource() == null) {
                return null;
            }
            int length = read.getSource().getLength();
            char[] chars = new char[length];
            read.getSource().arraycopy(0, chars, 0, length);
            if (path.endsWith("/bpf_tracing.h")) {
                chars = SnapshotProvider.patchTracing(new String(chars)).toCharArray();
            }
            chars = Uncommented.of(chars);
            t = new Text(read.getFileLocation(), new CharArray(chars), read.getTimestamp(), read.getFileSize(), read.getReadTime());
            // counted when kept: a text another thread kept first, or one past the limit, holds nothing
            if (HELD.get() + chars.length <= LIMIT && TEXTS.putIfAbsent(key, t) == null) {
                HELD.addAndGet(chars.length);
            }
        }
        return t;
    }
}
