package dev.opened.verifier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.pkts.Pcap;

import dev.opened.common.OpenedException;

/**
 * Packet sets for tests: OPENED's own ({@link #builtin}) or a capture file. The builtin set covers
 * what parsers get wrong: every link layer (Ethernet, VLAN, QinQ) with every network layer (IPv4
 * with and without options, IPv6 with and without an extension header) and transport (TCP, UDP,
 * ICMP/ICMPv6, GRE, IPIP), each cut at every header boundary, fragments, ARP, and seeded random
 * bytes.
 */
public final class Packets {
    private static final byte[] DST_MAC = {0x02, 0, 0, 0, 0, 0x02};
    private static final byte[] SRC_MAC = {0x02, 0, 0, 0, 0, 0x01};
    private static final byte[] PAYLOAD = "opened-test-data".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Packets() {
    }

    /** {@code builtin}, or a pcap file; bad input for anything else. */
    public static List<Packet> of(String spec, Path cwd) {
        if (spec == null || spec.equals("builtin")) {
            return builtin(1);
        }
        return read(cwd.resolve(spec));
    }

    /** The builtin set; the same {@code seed} gives the same packets. */
    public static List<Packet> builtin(long seed) {
        Map<String, byte[]> set = new LinkedHashMap<>();
        String[][] links = {{"eth"}, {"vlan", "8100"}, {"qinq", "88a8", "8100"}};
        for (String[] link : links) {
            for (String l3 : List.of("ipv4", "ipv4+opts", "ipv6", "ipv6+hbh")) {
                boolean v6 = l3.startsWith("ipv6");
                for (String l4 : List.of("tcp", "udp", v6 ? "icmpv6" : "icmp", "gre", "ipip")) {
                    List<Integer> bounds = new ArrayList<>();
                    byte[] frame = frame(link, l3, l4, 0, bounds);
                    String name = link[0] + "/" + l3 + "/" + l4;
                    set.putIfAbsent(name, frame);
                    for (int cut : bounds) {
                        if (cut < frame.length) {
                            byte[] part = java.util.Arrays.copyOf(frame, cut);
                            if (set.values().stream().noneMatch(b -> java.util.Arrays.equals(b, part))) {
                                set.put(name + " cut@" + cut, part);
                            }
                        }
                    }
                }
                // fragments: the first (more fragments set) and a later one (no transport header)
                String name = link[0] + "/" + l3 + "/udp";
                set.put(name + " first-fragment", frame(link, l3, "udp", 1, new ArrayList<>()));
                set.put(name + " later-fragment", frame(link, l3, "udp", 2, new ArrayList<>()));
            }
            ByteArrayOutputStream arp = new ByteArrayOutputStream();
            l2(arp, link, 0x0806, new ArrayList<>());
            arp.writeBytes(hex("0001080006040001" + "020000000001" + "0a000001" + "000000000000" + "0a000002"));
            set.put(link[0] + "/arp", arp.toByteArray());
        }
        Random random = new Random(seed);
        for (int i = 0; i < 16; i++) {
            byte[] b = new byte[14 + random.nextInt(120)];
            random.nextBytes(b);
            set.put("random#" + i, b);
        }
        for (int i = 0; i < 8; i++) {
            // random after a plausible header, so that parsers get past the EtherType
            byte[] b = new byte[34 + random.nextInt(100)];
            random.nextBytes(b);
            System.arraycopy(frame(new String[] {"eth"}, "ipv4", "udp", 0, new ArrayList<>()), 0, b, 0, 14);
            set.put("eth/random#" + i, b);
        }
        List<Packet> out = new ArrayList<>();
        set.forEach((k, v) -> out.add(new Packet(k, v)));
        return out;
    }

    /** The frame, with the offsets where each header ends in {@code bounds}; fragment 1 is the first, 2 a later one. */
    private static byte[] frame(String[] link, String l3, String l4, int fragment, List<Integer> bounds) {
        boolean v6 = l3.startsWith("ipv6");
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        l2(f, link, v6 ? 0x86dd : 0x0800, bounds);
        int proto = switch (l4) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "icmp" -> 1;
            case "icmpv6" -> 58;
            case "gre" -> 47;
            default -> 4;
        };
        byte[] transport = transport(l4, v6);
        if (fragment == 2) {
            transport = java.util.Arrays.copyOfRange(transport, 0, 8);
        }
        int l3Start = f.size();
        if (v6) {
            boolean hbh = l3.endsWith("+hbh");
            byte[] ext = new byte[0];
            int next = proto;
            if (fragment > 0) {
                ext = new byte[8];
                ext[0] = (byte) next;
                ext[3] = (byte) (fragment == 2 ? 0xb8 : 0x01); // offset 23×8 and no M, or offset 0 with M
                ext[2] = (byte) (fragment == 2 ? 0x00 : 0x00);
                ext[7] = 0x2a;
                next = 44;
            }
            if (hbh) {
                byte[] h = new byte[8];
                h[0] = (byte) next;
                h[2] = 1; // PadN filling the header
                h[3] = 4;
                ext = concat(h, ext);
                next = 0;
            }
            int payloadLength = ext.length + transport.length;
            f.writeBytes(new byte[] {0x60, 0, 0, 0, (byte) (payloadLength >> 8), (byte) payloadLength, (byte) next, 64});
            f.writeBytes(hex("fd000000000000000000000000000001fd000000000000000000000000000002"));
            bounds.add(f.size());
            f.writeBytes(ext);
            if (ext.length > 0) {
                bounds.add(f.size());
            }
            l4Checksum(transport, l4, f.toByteArray(), l3Start, true, fragment);
        } else {
            boolean opts = l3.endsWith("+opts");
            int ihl = opts ? 6 : 5;
            int total = ihl * 4 + transport.length;
            byte[] ip = new byte[ihl * 4];
            ip[0] = (byte) (0x40 | ihl);
            ip[2] = (byte) (total >> 8);
            ip[3] = (byte) total;
            ip[5] = 0x2a;
            if (fragment == 1) {
                ip[6] = 0x20; // more fragments, offset 0
            } else if (fragment == 2) {
                ip[6] = 0x00;
                ip[7] = (byte) 185; // offset 185×8, last fragment
            }
            ip[8] = 64;
            ip[9] = (byte) proto;
            System.arraycopy(hex("0a0000010a000002"), 0, ip, 12, 8);
            if (opts) {
                ip[20] = 1; // NOP NOP NOP EOL
                ip[21] = 1;
                ip[22] = 1;
            }
            int sum = checksum(ip, 0, ip.length, 0);
            ip[10] = (byte) (sum >> 8);
            ip[11] = (byte) sum;
            f.writeBytes(ip);
            bounds.add(f.size());
            l4Checksum(transport, l4, ip, 0, false, fragment);
        }
        int l4Start = f.size();
        f.writeBytes(transport);
        int header = switch (l4) {
            case "tcp" -> 20;
            case "udp", "icmp", "icmpv6" -> 8;
            case "gre" -> 4;
            default -> 20;
        };
        if (fragment != 2) {
            bounds.add(l4Start + header);
            if (l4.equals("gre") || l4.equals("ipip")) {
                bounds.add(l4Start + header + (l4.equals("gre") ? 20 : 0) + 8);
            }
        }
        return f.toByteArray();
    }

    private static void l2(ByteArrayOutputStream f, String[] link, int etherType, List<Integer> bounds) {
        f.writeBytes(DST_MAC);
        f.writeBytes(SRC_MAC);
        bounds.add(12);
        for (int i = 1; i < link.length; i++) {
            f.writeBytes(hex(link[i] + String.format("%04x", 100 + i)));
            bounds.add(f.size());
        }
        f.writeBytes(new byte[] {(byte) (etherType >> 8), (byte) etherType});
        bounds.add(f.size());
    }

    private static byte[] transport(String l4, boolean v6) {
        return switch (l4) {
            case "tcp" -> concat(hex("d43100500000000100000000" + "50020200" + "00000000"), PAYLOAD);
            case "udp" -> concat(udpHeader(), PAYLOAD);
            case "icmp" -> concat(hex("0800000000010001"), PAYLOAD);
            case "icmpv6" -> concat(hex("8000000000010001"), PAYLOAD);
            case "gre" -> concat(hex("00000800"), innerIpv4());
            default -> innerIpv4();
        };
    }

    private static byte[] udpHeader() {
        int len = 8 + PAYLOAD.length;
        return new byte[] {(byte) 0xd4, 0x31, 0x00, 0x35, (byte) (len >> 8), (byte) len, 0, 0};
    }

    private static byte[] innerIpv4() {
        byte[] udp = concat(udpHeader(), PAYLOAD);
        byte[] ip = new byte[20];
        ip[0] = 0x45;
        ip[3] = (byte) (20 + udp.length);
        ip[8] = 64;
        ip[9] = 17;
        System.arraycopy(hex("c0a80001c0a80002"), 0, ip, 12, 8);
        int sum = checksum(ip, 0, 20, 0);
        ip[10] = (byte) (sum >> 8);
        ip[11] = (byte) sum;
        return concat(ip, udp);
    }

    /** Fills in a TCP, UDP or ICMP checksum over the pseudo-header; a later fragment keeps the first's. */
    private static void l4Checksum(byte[] t, String l4, byte[] l3, int l3Start, boolean v6, int fragment) {
        int at = switch (l4) {
            case "tcp" -> 16;
            case "udp" -> 6;
            case "icmp", "icmpv6" -> 2;
            default -> -1;
        };
        if (at < 0 || fragment == 2) {
            return;
        }
        int pseudo = 0;
        if (!l4.equals("icmp")) {
            pseudo = v6 ? sum(l3, l3Start + 8, 32) : sum(l3, l3Start + 12, 8);
            pseudo += t.length + switch (l4) {
                case "tcp" -> 6;
                case "udp" -> 17;
                default -> 58;
            };
        }
        int c = checksum(t, 0, t.length, pseudo);
        t[at] = (byte) (c >> 8);
        t[at + 1] = (byte) c;
    }

    private static int sum(byte[] b, int from, int len) {
        int s = 0;
        for (int i = from; i < from + len; i += 2) {
            s += ((b[i] & 0xff) << 8) | (i + 1 < from + len ? b[i + 1] & 0xff : 0);
        }
        return s;
    }

    private static int checksum(byte[] b, int from, int len, int initial) {
        long s = initial + (long) sum(b, from, len);
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) (~s & 0xffff);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    /**
     * The frames of a pcap file, read with pkts (io.pkts:pkts-core). pcapng is not read: pkts reads
     * classic pcap only, and no maintained pcapng reader resolves here; convert with
     * {@code editcap -F pcap}.
     */
    public static List<Packet> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw OpenedException.badInput(file + ": no such packet file; give --packets builtin or a .pcap file");
        }
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(magic, 0, 4) == 4 && (magic[0] & 0xff) == 0x0a && magic[1] == 0x0d && magic[2] == 0x0d
                    && (magic[3] & 0xff) == 0x0a) {
                throw OpenedException.badInput(file + ": a pcapng file; OPENED reads classic pcap only (pkts-core, the "
                        + "maintained Java pcap library, has no pcapng reader); convert it with editcap -F pcap");
            }
        } catch (IOException e) {
            throw OpenedException.badInput(file + ": " + e.getMessage());
        }
        List<Packet> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Pcap pcap = Pcap.openStream(in);
            pcap.loop(p -> {
                byte[] b = p.getPayload().getArray();
                out.add(new Packet(file.getFileName() + "#" + out.size(), b));
                return true;
            });
            pcap.close();
        } catch (IOException | RuntimeException e) {
            throw OpenedException.badInput(file + ": not a pcap file pkts can read: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw OpenedException.badInput(file + ": no packets in it");
        }
        return out;
    }

    /** The loader's packet file: for each packet its length (u32, little-endian) then its bytes. */
    static byte[] encode(List<Packet> packets) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (Packet p : packets) {
            int n = p.bytes().length;
            o.writeBytes(new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >>> 24)});
            o.writeBytes(p.bytes());
        }
        return o.toByteArray();
    }
}
