package io.sockbuf.agent.config;

import io.sockbuf.agent.model.SocketRole;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The indexed lookup finds exactly the rule a scan in the user's order finds: first match wins. */
class RuleIndexTest {

    @Test
    void theIndexedMatchIsTheFirstMatchOfALinearScanForRandomRuleSets() throws Exception {
        Random random = new Random(42);
        String[] roles = {"client", "listener", "accepted", "udp", "any"};
        for (int set = 0; set < 50; set++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 1 + random.nextInt(300); i++) {
                String role = roles[random.nextInt(roles.length)];
                text.append(role);
                if (random.nextInt(3) > 0) {
                    text.append(":port=").append(1 + random.nextInt(20));
                }
                if (random.nextInt(3) == 0) {
                    text.append(":host=10.").append(random.nextInt(3)).append(".0.0/16");
                }
                // a listener's rule sets recv (its send would be left out: a listener holds its accepted sockets' send size)
                text.append(role.equals("listener") ? ":recv=" : ":send=")
                        .append(1 + random.nextInt(64)).append("k;");
            }
            List<String> warnings = new ArrayList<>();
            Rules rules = Rules.parse(text.toString(), "test", warnings);
            assertTrue(warnings.isEmpty(), warnings.toString());
            for (int probe = 0; probe < 200; probe++) {
                SocketRole role = SocketRole.values()[random.nextInt(SocketRole.values().length)];
                InetSocketAddress address = random.nextInt(10) == 0 ? null
                        : new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, (byte) random.nextInt(4), 1, 1}), 1 + random.nextInt(25));
                assertSame(linearFirstMatch(rules, role, address), rules.match(role, address), role + " " + address + " in " + text);
            }
        }
    }

    @Test
    void moreRulesThanTheCapAreLeftOutWithOneWarningThatComesFirst() {
        StringBuilder text = new StringBuilder("client:port=x:recv=8k;");
        for (int i = 0; i < Rules.MAX_RULES + 5; i++) {
            text.append("client:port=").append(1 + i % 65535).append(":recv=8k;");
        }
        List<String> warnings = new ArrayList<>();
        Rules rules = Rules.parse(text.toString(), "test", warnings);
        assertEquals(Rules.MAX_RULES, rules.all().size());
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("5 rules after the first " + Rules.MAX_RULES + " are left out"), warnings.get(0));
        assertTrue(rules.summary().endsWith("and " + (Rules.MAX_RULES - Rules.RULES_SHOWN) + " more (" + Rules.MAX_RULES + " rules)"), rules.summary());
    }

    private static Rule linearFirstMatch(Rules rules, SocketRole role, InetSocketAddress address) {
        for (Rule rule : rules.all()) {
            if (rule.matches(role, address)) {
                return rule;
            }
        }
        return null;
    }
}
