package dev.opened.verifier;

/**
 * One packet a test runs programs on, from Ethernet on.
 *
 * @param name what it is ({@code eth/vlan/ipv4+opts/tcp}, {@code ...cut@34}, {@code pcap#3})
 * @param bytes the frame
 */
public record Packet(String name, byte[] bytes) {
    /** Copies the bytes. */
    public Packet {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes in lower-case hex. */
    public String hex() {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
