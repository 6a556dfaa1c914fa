package io.sockbuf.agent.config;

/**
 * Parses an IPv4 or IPv6 address literal without a name lookup (InetAddress.getByName would ask
 * DNS for anything that is not a literal, at JVM start, from inside someone else's application).
 */
final class IpLiteral {

    private IpLiteral() {
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
