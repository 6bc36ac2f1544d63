package dev.opened.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opened.common.OpenedException;

/** The builtin packet set and pcap reading, without a kernel. */
class PacketsTest {
    @TempDir
    Path tmp;

    private static Map<String, byte[]> byName(List<Packet> packets) {
        return packets.stream().collect(Collectors.toMap(Packet::name, Packet::bytes, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void everyLinkNetworkAndTransportCombinationIsThere() {
        Map<String, byte[]> set = byName(Packets.builtin(1));
        for (String link : List.of("eth", "vlan", "qinq")) {
            for (String l3 : List.of("ipv4", "ipv4+opts", "ipv6", "ipv6+hbh")) {
                for (String l4 : List.of("tcp", "udp", l3.startsWith("ipv6") ? "icmpv6" : "icmp", "gre", "ipip")) {
                    assertThat(set).containsKey(link + "/" + l3 + "/" + l4);
                }
                assertThat(set).containsKeys(link + "/" + l3 + "/udp first-fragment", link + "/" + l3 + "/udp later-fragment");
            }
            assertThat(set).containsKey(link + "/arp");
        }
        assertThat(set.keySet()).filteredOn(k -> k.startsWith("random#")).hasSize(16);
    }

    @Test
    void headersAreWellFormedAndCutAtEveryBoundary() {
        Map<String, byte[]> set = byName(Packets.builtin(1));
        byte[] qinq = set.get("qinq/ipv4+opts/tcp");
        assertThat(qinq[12] & 0xff).isEqualTo(0x88);
        assertThat(qinq[16] & 0xff).isEqualTo(0x81);
        assertThat(qinq[20] & 0xff).isEqualTo(0x08);
        // IPv4 with options: IHL 6, and the header's checksum sums to all ones
        int ip = 22;
        assertThat(qinq[ip] & 0xff).isEqualTo(0x46);
        long sum = 0;
        for (int i = ip; i < ip + 24; i += 2) {
            sum += ((qinq[i] & 0xff) << 8) | (qinq[i + 1] & 0xff);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        assertThat(sum).isEqualTo(0xffff);
        // cuts: after Ethernet, after IPv4, after TCP; each a prefix of the whole frame
        byte[] full = set.get("eth/ipv4/tcp");
        for (int cut : List.of(14, 34, 54)) {
            byte[] part = set.get("eth/ipv4/tcp cut@" + cut);
            assertThat(part).as("cut@" + cut).hasSize(cut);
            assertThat(java.util.Arrays.copyOf(full, cut)).isEqualTo(part);
        }
        // a first IPv4 fragment has More Fragments set; a later one has an offset
        assertThat(set.get("eth/ipv4/udp first-fragment")[20] & 0x20).isEqualTo(0x20);
        assertThat(set.get("eth/ipv4/udp later-fragment")[21] & 0xff).isEqualTo(185);
        // IPv6 with a hop-by-hop header: next header 0, then the header naming TCP
        byte[] hbh = set.get("eth/ipv6+hbh/tcp");
        assertThat(hbh[20]).isEqualTo((byte) 0);
        assertThat(hbh[54]).isEqualTo((byte) 6);
    }

    @Test
    void theSameSeedGivesTheSamePackets() {
        Function<List<Packet>, List<String>> hex = l -> l.stream().map(p -> p.name() + "=" + p.hex()).toList();
        assertThat(hex.apply(Packets.builtin(7))).isEqualTo(hex.apply(Packets.builtin(7)));
        assertThat(hex.apply(Packets.builtin(7))).isNotEqualTo(hex.apply(Packets.builtin(8)));
    }

    /** A classic pcap file, little-endian, Ethernet link type. */
    static byte[] pcap(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(1).putInt(0).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    @Test
    void pcapFilesAreReadAndPcapngIsRefusedWithWhy() throws Exception {
        Map<String, byte[]> set = byName(Packets.builtin(1));
        Path file = tmp.resolve("two.pcap");
        Files.write(file, pcap(set.get("eth/ipv4/udp"), set.get("vlan/ipv6/tcp")));
        List<Packet> read = Packets.read(file);
        assertThat(read).extracting(Packet::name).containsExactly("two.pcap#0", "two.pcap#1");
        assertThat(read.get(0).bytes()).isEqualTo(set.get("eth/ipv4/udp"));
        assertThat(read.get(1).bytes()).isEqualTo(set.get("vlan/ipv6/tcp"));

        Path ng = tmp.resolve("x.pcapng");
        Files.write(ng, new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0});
        assertThatThrownBy(() -> Packets.read(ng)).isInstanceOf(OpenedException.class).hasMessageContaining("pcapng");
        assertThatThrownBy(() -> Packets.read(tmp.resolve("none.pcap"))).hasMessageContaining("no such packet file");
    }

    @Test
    void theLoaderFileIsLengthThenBytes() {
        byte[] enc = Packets.encode(List.of(new Packet("a", new byte[] {1, 2, 3}), new Packet("b", new byte[0])));
        assertThat(enc).containsExactly(3, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0);
    }
}
