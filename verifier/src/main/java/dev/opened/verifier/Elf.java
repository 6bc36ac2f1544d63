package dev.opened.verifier;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.opened.common.OpenedException;

/** Just enough ELF to refuse what is not a BPF object before a kernel is booted for it. */
final class Elf {
    private static final int EM_BPF = 247;
    private static final long SHF_EXECINSTR = 0x4;
    private static final int PT_INTERP = 3;

    private Elf() {
    }

    /** The program sections of a BPF object; bad input otherwise, and for an object without programs. */
    static List<String> programSections(Path file) {
        List<String> sections = sections(file);
        if (sections.isEmpty()) {
            throw OpenedException.badInput(file + ": a BPF object with no programs (no SEC(\"...\") function); "
                    + "give the object of an entry program");
        }
        return sections;
    }

    /** The program sections of a BPF object, perhaps none; bad input when it is not a BPF object. */
    static List<String> sections(Path file) {
        if (!Files.isRegularFile(file)) {
            throw OpenedException.badInput(file + ": no such file; give a unit directory or a .o built for BPF");
        }
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw OpenedException.badInput(file + ": cannot read: " + e.getMessage());
        }
        if (b.length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
            throw OpenedException.badInput(file + ": not an ELF file; build it with 'opened build DIR' or clang -target bpf");
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(b[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (b[4] != 2 || (bb.getShort(18) & 0xffff) != EM_BPF) {
            throw OpenedException.badInput(file + ": an ELF file, but not built for BPF; compile it with clang -target bpf");
        }
        long shoff = bb.getLong(40);
        int shentsize = bb.getShort(58) & 0xffff;
        int shnum = bb.getShort(60) & 0xffff;
        int shstrndx = bb.getShort(62) & 0xffff;
        List<String> sections = new ArrayList<>();
        try {
            long strOff = bb.getLong((int) (shoff + (long) shstrndx * shentsize + 24));
            for (int i = 0; i < shnum; i++) {
                int h = (int) (shoff + (long) i * shentsize);
                long flags = bb.getLong(h + 8);
                long size = bb.getLong(h + 32);
                int type = bb.getInt(h + 4);
                String name = cString(b, (int) (strOff + bb.getInt(h)));
                if (type == 1 && (flags & SHF_EXECINSTR) != 0 && size > 0 && !name.equals(".text")) {
                    sections.add(name);
                }
            }
        } catch (IndexOutOfBoundsException e) {
            throw OpenedException.badInput(file + ": a truncated ELF file; build it again");
        }
        return sections;
    }

    /** The object's programs as {@code section -> function names}, from its symbol table. */
    static java.util.Map<String, List<String>> programs(Path file) {
        java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        try {
            byte[] b = Files.readAllBytes(file);
            ByteBuffer bb = ByteBuffer.wrap(b).order(b[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long shoff = bb.getLong(40);
            int shentsize = bb.getShort(58) & 0xffff;
            int shnum = bb.getShort(60) & 0xffff;
            int shstrndx = bb.getShort(62) & 0xffff;
            long strOff = bb.getLong((int) (shoff + (long) shstrndx * shentsize + 24));
            String[] names = new String[shnum];
            boolean[] prog = new boolean[shnum];
            int symtab = -1;
            for (int i = 0; i < shnum; i++) {
                int h = (int) (shoff + (long) i * shentsize);
                names[i] = cString(b, (int) (strOff + bb.getInt(h)));
                int type = bb.getInt(h + 4);
                prog[i] = type == 1 && (bb.getLong(h + 8) & SHF_EXECINSTR) != 0 && bb.getLong(h + 32) > 0
                        && !names[i].equals(".text");
                if (type == 2) {
                    symtab = i;
                }
            }
            if (symtab < 0) {
                return out;
            }
            int h = (int) (shoff + (long) symtab * shentsize);
            long symOff = bb.getLong(h + 24);
            long symSize = bb.getLong(h + 32);
            int link = bb.getInt(h + 40);
            long strtab = bb.getLong((int) (shoff + (long) link * shentsize + 24));
            for (long o = symOff; o + 24 <= symOff + symSize; o += 24) {
                int nameOff = bb.getInt((int) o);
                int info = b[(int) o + 4] & 0xff;
                int shndx = bb.getShort((int) o + 6) & 0xffff;
                if ((info & 0xf) == 2 && shndx < shnum && prog[shndx]) {
                    out.computeIfAbsent(names[shndx], k -> new ArrayList<>()).add(cString(b, (int) (strtab + nameOff)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the loader's own word stands
        }
        return out;
    }

    /** True for an ELF executable without a program interpreter (statically linked). */
    static boolean isStatic(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            if (b.length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F' || b[4] != 2) {
                return false;
            }
            ByteBuffer bb = ByteBuffer.wrap(b).order(b[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long phoff = bb.getLong(32);
            int phentsize = bb.getShort(54) & 0xffff;
            int phnum = bb.getShort(56) & 0xffff;
            for (int i = 0; i < phnum; i++) {
                if (bb.getInt((int) (phoff + (long) i * phentsize)) == PT_INTERP) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String cString(byte[] b, int off) {
        int end = off;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }
}
