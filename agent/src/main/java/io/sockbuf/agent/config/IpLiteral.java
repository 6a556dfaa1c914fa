package io.sockbuf.agent.config;

/**
 * Parses an IPv4 or IPv6 address literal without a name lookup (InetAddress.getByName would ask
 * DNS for anything that is not a literal, at JVM start, from inside someone else's application).
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /**
     * An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it stands for, with its
     * prefix length; the JDK reports such a peer as an IPv4 address. Anything else as it is.
     * @return {network, prefix length} as {byte[], Integer}
     */
    static Object[] unmapped(byte[] network, int prefixLength) {
        if (network.length != 16 || prefixLength < 96) {
            return new Object[] {network, prefixLength};
        }
        for (int i = 0; i < 10; i++) {
            if (network[i] != 0) {
                return new Object[] {network, prefixLength};
            }
        }
        if (network[10] != (byte) 0xff || network[11] != (byte) 0xff) {
            return new Object[] {network, prefixLength};
        }
        return new Object[] {java.util.Arrays.copyOfRange(network, 12, 16), prefixLength - 96};
    }

    static byte[] parse(String text) {
        byte[] address = text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
        if (address == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address (host names are not resolved; use an address or a CIDR range)");
        }
        return address;
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = number(parts[i], 10, 255);
            if (value < 0) {
                return null;
            }
            address[i] = (byte) value;
        }
        return address;
    }

    private static byte[] ipv6(String text) {
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.', lastColon) > 0) {
            // ::ffff:127.0.0.1: the last 32 bits written as IPv4 (RFC 4291 2.2), as two groups here
            byte[] ipv4 = ipv4(text.substring(lastColon + 1));
            if (ipv4 == null) {
                return null;
            }
            String groups = Integer.toHexString((ipv4[0] & 0xff) << 8 | ipv4[1] & 0xff) + ":"
                    + Integer.toHexString((ipv4[2] & 0xff) << 8 | ipv4[3] & 0xff);
            text = text.substring(0, lastColon + 1) + groups;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon != text.lastIndexOf("::")) {
            return null;
        }
        String[] head = doubleColon < 0 ? text.split(":", -1) : split(text.substring(0, doubleColon));
        String[] tail = doubleColon < 0 ? new String[0] : split(text.substring(doubleColon + 2));
        int groups = head.length + tail.length;
        if (doubleColon < 0 ? groups != 8 : groups > 7) {
            return null;
        }
        byte[] address = new byte[16];
        if (!fill(address, head, 0) || !fill(address, tail, 16 - 2 * tail.length)) {
            return null;
        }
        return address;
    }

    private static String[] split(String text) {
        return text.isEmpty() ? new String[0] : text.split(":", -1);
    }

    private static boolean fill(byte[] address, String[] groups, int offset) {
        for (int i = 0; i < groups.length; i++) {
            int value = number(groups[i], 16, 0xffff);
            if (value < 0 || groups[i].length() > 4) {
                return false;
            }
            address[offset + 2 * i] = (byte) (value >> 8);
            address[offset + 2 * i + 1] = (byte) value;
        }
        return true;
    }

    private static int number(String text, int radix, int max) {
        if (text.isEmpty()) {
            return -1;
        }
        try {
            int value = Integer.parseInt(text, radix);
            return value >= 0 && value <= max ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
