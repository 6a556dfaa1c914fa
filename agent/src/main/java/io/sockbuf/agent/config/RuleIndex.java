package io.sockbuf.agent.config;

import io.sockbuf.agent.model.SocketRole;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * First-match lookup over a rule list that stays cheap for the largest allowed set: per role, the
 * rules naming a port are found by binary search on that port, so a socket only checks the rules
 * without a port plus those for its own port, in their original order.
 */
final class RuleIndex {

    private static final int[] NONE = new int[0];

    private final List<Rule> rules;
    /** Per role: whether any rule for it needs a port or address. */
    private final boolean[] needsAddress = new boolean[SocketRole.values().length];
    /** Per role: the first rule that needs no address, or -1. */
    private final int[] firstWithoutAddress = new int[SocketRole.values().length];
    /** Per role: indices of rules without a port, ascending. */
    private final int[][] withoutPort = new int[SocketRole.values().length][];
    /** Per role: the distinct ports named, ascending, and for each the indices of its rules. */
    private final int[][] ports = new int[SocketRole.values().length][];
    private final int[][][] withPort = new int[SocketRole.values().length][][];

    RuleIndex(List<Rule> rules) {
        this.rules = rules;
        if (rules.isEmpty()) { // the usual case, made at every start: nothing to sort
            Arrays.fill(firstWithoutAddress, -1);
            Arrays.fill(withoutPort, NONE);
            Arrays.fill(ports, NONE);
            Arrays.fill(withPort, new int[0][]);
            return;
        }
        for (SocketRole role : SocketRole.values()) {
            int r = role.ordinal();
            firstWithoutAddress[r] = -1;
            List<Integer> portless = new ArrayList<>();
            TreeMap<Integer, List<Integer>> byPort = new TreeMap<>();
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                if (rule.role != null && rule.role != role) {
                    continue;
                }
                needsAddress[r] |= rule.needsAddress();
                if (!rule.needsAddress() && firstWithoutAddress[r] < 0) {
                    firstWithoutAddress[r] = i;
                }
                if (rule.port == Rule.ANY_PORT) {
                    portless.add(i);
                } else {
                    List<Integer> forPort = byPort.get(rule.port);
                    if (forPort == null) {
                        forPort = new ArrayList<>();
                        byPort.put(rule.port, forPort);
                    }
                    forPort.add(i);
                }
            }
            withoutPort[r] = toArray(portless);
            ports[r] = new int[byPort.size()];
            withPort[r] = new int[byPort.size()][];
            int k = 0;
            for (java.util.Map.Entry<Integer, List<Integer>> entry : byPort.entrySet()) {
                ports[r][k] = entry.getKey();
                withPort[r][k++] = toArray(entry.getValue());
            }
        }
    }

    boolean needsAddress(SocketRole role) {
        return needsAddress[role.ordinal()];
    }

    /** The first rule that matches; with a null address, rules that need one are passed over. */
    Rule match(SocketRole role, InetSocketAddress address) {
        int r = role.ordinal();
        if (address == null) {
            int first = firstWithoutAddress[r];
            return first < 0 ? null : rules.get(first);
        }
        int found = Arrays.binarySearch(ports[r], address.getPort());
        int[] forPort = found >= 0 ? withPort[r][found] : NONE;
        int[] portless = withoutPort[r];
        // Merge both ascending index lists, so the first rule in the user's order wins.
        int a = 0;
        int b = 0;
        while (a < portless.length || b < forPort.length) {
            int next = b >= forPort.length || a < portless.length && portless[a] < forPort[b] ? portless[a++] : forPort[b++];
            Rule rule = rules.get(next);
            if (rule.matches(role, address)) {
                return rule;
            }
        }
        return null;
    }

    private static int[] toArray(List<Integer> indices) {
        int[] array = new int[indices.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = indices.get(i);
        }
        return array;
    }
}
