package io.sockbuf.agent.config;

import io.sockbuf.agent.model.SocketRole;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code sockbuf.rules}: sizes per role, port and address range, first match wins.
 *
 * <pre>client:port=5432:recv=4m; listener:port=8080:recv=256k; accepted:port=8080:send=256k; udp:recv=1m; client:host=10.0.0.0/8:send=2m</pre>
 *
 * Rules are separated by {@code ;}, the parts of a rule by {@code :}. The first part is the role
 * ({@code client}, {@code listener}, {@code accepted}, {@code udp} or {@code any}); then any of
 * {@code port=N}, {@code host=IP} or {@code host=IP/prefix} (IPv6 in brackets:
 * {@code host=[fd00::]/8}), and at least one of {@code recv=SIZE}, {@code send=SIZE}. A direction
 * a matching rule leaves out keeps the global {@code sockbuf.recv}/{@code sockbuf.send}.
 */
public final class Rules {

    public static final Rules NONE = new Rules(Collections.<Rule>emptyList(), null);
    /** More rules than this are left out with one warning: a bound on memory, matching cost and log lines. */
    static final int MAX_RULES = 1000;
    /** The startup line and status name this many rules, then say how many more there are. */
    static final int RULES_SHOWN = 10;

    private final List<Rule> rules;
    private final String origin;
    private final RuleIndex index;
    private final boolean needsAnyAddress;
    private final boolean setsAnyReceive;

    private Rules(List<Rule> rules, String origin) {
        this.rules = rules;
        this.origin = origin;
        this.index = new RuleIndex(rules);
        boolean any = false;
        boolean receive = false;
        for (Rule rule : rules) {
            any |= rule.needsAddress();
            receive |= rule.receiveBuffer() != Settings.UNSET;
        }
        this.needsAnyAddress = any;
        this.setsAnyReceive = receive;
    }

    /** Where the rules came from, e.g. {@code -Dsockbuf.rules}. */
    public String origin() {
        return origin;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether any rule for this role looks at ports or addresses (then connect/bind must be watched). */
    public boolean needsAddress(SocketRole role) {
        return index.needsAddress(role);
    }

    public boolean needsAnyAddress() {
        return needsAnyAddress;
    }

    /** Whether any rule sets a receive size (known when the rules are read, not looked up per socket). */
    public boolean setsAnyReceive() {
        return setsAnyReceive;
    }

    /** The first rule that matches; with a null address, rules that need one are passed over. */
    public Rule match(SocketRole role, InetSocketAddress address) {
        return index.match(role, address);
    }

    public List<Rule> all() {
        return rules;
    }

    /** Every rule, separated by {@code ;} (JMX, which returns the whole value). */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Rule rule : rules) {
            text.append(text.length() == 0 ? "" : "; ").append(rule);
        }
        return text.toString();
    }

    /** The first {@value #RULES_SHOWN} rules and how many more there are: for log lines and status. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < rules.size() && i < RULES_SHOWN; i++) {
            text.append(i == 0 ? "" : "; ").append(rules.get(i));
        }
        if (rules.size() > RULES_SHOWN) {
            text.append("; and ").append(rules.size() - RULES_SHOWN).append(" more (").append(rules.size()).append(" rules)");
        }
        return text.toString();
    }

    /** Parses rules; every rule that cannot be used is left out with one warning naming it. */
    static Rules parse(String text, String origin, List<String> warnings) {
        List<Rule> parsed = new ArrayList<>();
        int firstWarning = warnings.size();
        int leftOut = 0;
        for (String ruleText : text.split(";")) {
            String trimmed = ruleText.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (parsed.size() == MAX_RULES) {
                leftOut++;
                continue;
            }
            try {
                Rule rule = parseRule(trimmed);
                if (rule.role == SocketRole.LISTENER && rule.sendBuffer != Settings.UNSET) {
                    warnings.add(origin + ": rule \"" + trimmed + "\": its send is left out: a listener holds the send size of the"
                            + " sockets it accepts, which accepted rules and the global send set (e.g. accepted"
                            + (rule.port == Rule.ANY_PORT ? "" : ":port=" + rule.port) + ":send=SIZE)"
                            + (rule.receiveBuffer == Settings.UNSET ? "; the rule sets nothing else and is left out." : "."));
                    if (rule.receiveBuffer == Settings.UNSET) {
                        continue;
                    }
                    rule = new Rule(rule.role, rule.port, rule.network, rule.prefixLength, rule.receiveBuffer, Settings.UNSET, rule.text);
                }
                parsed.add(rule);
            } catch (IllegalArgumentException e) {
                warnings.add(origin + ": rule \"" + trimmed + "\" is left out: " + e.getMessage()
                        + ". A rule is ROLE[:port=N][:host=IP[/PREFIX]]:recv=SIZE[:send=SIZE], ROLE one of client,"
                        + " listener, accepted, udp, any; e.g. client:port=5432:recv=4m.");
            }
        }
        if (leftOut > 0) {
            // First, so that it is among the warnings shown when there are many.
            warnings.add(firstWarning, origin + ": " + leftOut + " rules after the first " + MAX_RULES + " are left out: at most "
                    + MAX_RULES + " rules are accepted.");
        }
        return parsed.isEmpty() ? NONE : new Rules(Collections.unmodifiableList(parsed), origin);
    }

    private static Rule parseRule(String text) {
        List<String> parts = splitOutsideBrackets(text);
        SocketRole role = role(parts.get(0).trim());
        int port = Rule.ANY_PORT;
        byte[] network = null;
        int prefix = 0;
        int recv = Settings.UNSET;
        int send = Settings.UNSET;
        for (int i = 1; i < parts.size(); i++) {
            String part = parts.get(i);
            int equals = part.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("\"" + part + "\" is not name=value");
            }
            String name = part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            String value = part.substring(equals + 1).trim();
            if (name.equals("port")) {
                port = port(value);
            } else if (name.equals("host")) {
                unbracketedIpv6(value, parts.subList(i + 1, parts.size()));
                int slash = value.lastIndexOf('/');
                String address = slash < 0 ? value : value.substring(0, slash);
                network = IpLiteral.parse(address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address);
                prefix = slash < 0 ? network.length * 8 : prefix(value.substring(slash + 1), network.length * 8);
                Object[] unmapped = IpLiteral.unmapped(network, prefix); // host=[::ffff:127.0.0.1] matches the IPv4 peer
                network = (byte[]) unmapped[0];
                prefix = (Integer) unmapped[1];
            } else if (name.equals("recv")) {
                recv = size(value, "recv");
            } else if (name.equals("send")) {
                send = size(value, "send");
            } else {
                throw new IllegalArgumentException("\"" + name + "\" is not a rule part (port, host, recv, send)");
            }
        }
        if (recv == Settings.UNSET && send == Settings.UNSET) {
            throw new IllegalArgumentException("it sets neither recv nor send");
        }
        if (role == SocketRole.ACCEPTED && recv != Settings.UNSET) {
            throw new IllegalArgumentException("an accepted socket takes its receive buffer from the listener before the handshake;"
                    + " set recv with a listener rule");
        }
        return new Rule(role, port, network, prefix, recv, send, text);
    }

    /** host=::1 splits at its colons: say that IPv6 goes in brackets, not that "" is no address. */
    private static void unbracketedIpv6(String value, List<String> following) {
        StringBuilder address = new StringBuilder(value);
        for (String part : following) {
            if (part.indexOf('=') >= 0) {
                break;
            }
            address.append(':').append(part.trim());
        }
        if (address.length() > value.length() || value.isEmpty()) {
            int slash = address.lastIndexOf("/");
            String bracketed = slash < 0 ? "[" + address + "]" : "[" + address.substring(0, slash) + "]" + address.substring(slash);
            throw new IllegalArgumentException("host \"" + address + "\" looks like an IPv6 address without brackets;"
                    + " write host=" + bracketed);
        }
    }

    private static SocketRole role(String text) {
        if (text.equalsIgnoreCase("any")) {
            return null;
        }
        for (SocketRole role : SocketRole.values()) {
            if (role.name().equalsIgnoreCase(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a role");
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("port \"" + text + "\" is not a number from 1 to 65535");
    }

    private static int prefix(String text, int bits) {
        try {
            int prefix = Integer.parseInt(text);
            if (prefix >= 0 && prefix <= bits) {
                return prefix;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("prefix length \"" + text + "\" is not a number from 0 to " + bits);
    }

    private static int size(String text, String direction) {
        try {
            return ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(direction + "=\"" + text + "\" is not a size (" + e.getMessage() + ")");
        }
    }

    private static List<String> splitOutsideBrackets(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ':' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
