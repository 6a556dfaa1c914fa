package io.sockbuf.agent.config;

import io.sockbuf.agent.model.SocketRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RulesTest {

    private final List<String> warnings = new ArrayList<>();

    private Rules parse(String text) {
        return Rules.parse(text, "-Dsockbuf.rules", warnings);
    }

    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    @Test
    void theFirstMatchingRuleWins() {
        Rules rules = parse("client:port=5432:recv=4m; client:host=10.0.0.0/8:recv=1m:send=2m; any:recv=64k");
        assertEquals("client:port=5432:recv=4m", rules.match(SocketRole.CLIENT, at("10.1.2.3", 5432)).toString());
        assertEquals(1 << 20, rules.match(SocketRole.CLIENT, at("10.1.2.3", 80)).receiveBuffer());
        assertEquals("any:recv=64k", rules.match(SocketRole.CLIENT, at("192.168.1.1", 80)).toString());
        assertEquals("any:recv=64k", rules.match(SocketRole.UDP, null).toString());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void rulesThatNeedAnAddressArePassedOverUntilItIsKnown() {
        Rules rules = parse("listener:port=8080:recv=256k; listener:recv=64k");
        assertEquals("listener:recv=64k", rules.match(SocketRole.LISTENER, null).toString());
        assertEquals(256 * 1024, rules.match(SocketRole.LISTENER, at("0.0.0.0", 8080)).receiveBuffer());
        assertTrue(rules.needsAddress(SocketRole.LISTENER));
        assertFalse(rules.needsAddress(SocketRole.CLIENT));
        assertNull(rules.match(SocketRole.CLIENT, at("127.0.0.1", 8080)));
    }

    @Test
    void aListenersSendIsLeftOutWithAWarningNamingTheAcceptedRuleThatSetsIt() {
        Rules rules = parse("listener:port=8080:recv=256k:send=256k; listener:send=64k; accepted:port=8080:send=256k");
        Rule listener = rules.match(SocketRole.LISTENER, at("0.0.0.0", 8080));
        assertEquals(256 * 1024, listener.receiveBuffer());
        assertEquals(Settings.UNSET, listener.sendBuffer());
        assertNull(rules.match(SocketRole.LISTENER, null), "the rule with only a send is left out");
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("rule \"listener:port=8080:recv=256k:send=256k\": its send is left out")
                && warnings.get(0).contains("accepted:port=8080:send=SIZE"), warnings.get(0));
        assertTrue(warnings.get(1).contains("the rule sets nothing else and is left out"), warnings.get(1));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8, 10.255.1.1, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.168.1.128/25, 192.168.1.200, true",
            "192.168.1.128/25, 192.168.1.100, false",
            "127.0.0.1, 127.0.0.1, true",
            "0.0.0.0/0, 8.8.8.8, true",
            "[fd00::]/8, fd12::1, true",
            "[fd00::]/8, fe80::1, false",
            "[::1], ::1, true",
            "[2001:db8::]/32, 2001:db8:ffff::1, true",
            "10.0.0.0/8, ::1, false",
            "[::ffff:127.0.0.1], 127.0.0.1, true",
            "[::ffff:127.0.0.1], ::ffff:127.0.0.1, true",
            "[::ffff:127.0.0.0]/104, 127.0.0.9, true",
            "[::ffff:10.0.0.1], 10.0.0.2, false",
            "[::ffff:7f00:1], 127.0.0.1, true",
            "[::ffff:0:0]/95, 127.0.0.1, false"})
    void hostRangesMatchIpv4AndIpv6(String range, String address, boolean matches) {
        Rules rules = parse("client:host=" + range + ":recv=8k");
        assertEquals(matches, rules.match(SocketRole.CLIENT, at(address, 1)) != null);
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
            "server:recv=8k | \"server\" is not a role",
            "client:port=0:recv=8k | port \"0\" is not a number from 1 to 65535",
            "client:port=70000:recv=8k | port \"70000\" is not a number from 1 to 65535",
            "client:port=http:recv=8k | port \"http\" is not a number from 1 to 65535",
            "client:host=10.0.0.0/33:recv=8k | prefix length \"33\" is not a number from 0 to 32",
            "client:host=300.1.1.1:recv=8k | \"300.1.1.1\" is not an IP address",
            "client:host=db.example.com:recv=8k | host names are not resolved",
            "client:host=::1:recv=8k | host \"::1\" looks like an IPv6 address without brackets; write host=[::1]",
            "client:host=fd00::/8:send=1m | write host=[fd00::]/8",
            "client:port=5432 | it sets neither recv nor send",
            "client:recv=12x | recv=\"12x\" is not a size",
            "client:speed=fast:recv=8k | \"speed\" is not a rule part",
            "accepted:recv=8k | set recv with a listener rule"})
    void aRuleThatCanNeverMatchIsLeftOutWithOneWarning(String rule, String reason) {
        Rules rules = parse(rule + "; udp:recv=1m");
        assertEquals(1, rules.all().size());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("-Dsockbuf.rules: rule \"" + rule + "\" is left out: "), warnings.get(0));
        assertTrue(warnings.get(0).contains(reason), warnings.get(0));
    }
}
