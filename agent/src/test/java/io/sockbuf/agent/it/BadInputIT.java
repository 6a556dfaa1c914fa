package io.sockbuf.agent.it;

import io.sockbuf.agent.testkit.ForkedJvm;
import io.sockbuf.agent.testkit.Jdk;
import io.sockbuf.agent.testkit.Jdks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every setting, from every source, given a value the agent cannot use: exactly one warning that
 * names the setting and the value and says what is accepted or what happens instead; the
 * application's output and exit code are those of a run without the agent. (A size the kernel
 * caps, such as 1g, is accepted and explained per socket: see LogOutputIT and KernelOutcomeIT.)
 */
class BadInputIT {

    @TempDir
    static Path directory;
    static Path badFile;
    static Path typoFile;
    static Path link;

    @BeforeAll
    static void files() throws Exception {
        badFile = Files.write(directory.resolve("bad.properties"), "recv=abc\n".getBytes(StandardCharsets.UTF_8));
        typoFile = Files.write(directory.resolve("typo.properties"), "recieve=8k\n".getBytes(StandardCharsets.UTF_8));
        link = Files.createSymbolicLink(directory.resolve("link.log"), directory.resolve("target.log"));
    }

    /** name, -D options, agent argument (or null), environment "NAME=value" (or null), the warning's telling part. */
    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("negative size", opts("-Dsockbuf.recv=-1"), null, null, "-Dsockbuf.recv=\"-1\" is not accepted: it is negative"),
                bad("zero", opts("-Dsockbuf.recv=0"), null, null, "it is zero"),
                bad("junk", opts("-Dsockbuf.send=abc"), null, null, "-Dsockbuf.send=\"abc\" is not accepted: it is not a number"),
                bad("trailing garbage", opts("-Dsockbuf.recv=12x"), null, null, "it is not a number"),
                bad("decimal", opts("-Dsockbuf.recv=1.5m"), null, null, "-Dsockbuf.recv=\"1.5m\" is not accepted: it has a fraction; sizes are whole numbers: write 1536k instead"),
                bad("mb for m", opts("-Dsockbuf.recv=10mb"), null, null, "-Dsockbuf.recv=\"10mb\" is not accepted: the unit is written m, not mb (10m)"),
                bad("KiB for k", opts("-Dsockbuf.send=8KiB"), null, null, "-Dsockbuf.send=\"8KiB\" is not accepted: the unit is written k, not KiB (8k)"),
                bad("g beyond long", opts("-Dsockbuf.recv=9999999999g"), null, null, "-Dsockbuf.recv=\"9999999999g\" is not accepted: it is larger than 2147483647 bytes"),
                bad("8 GiB + 1 GiB", opts("-Dsockbuf.recv=8589934593g"), null, null, "-Dsockbuf.recv=\"8589934593g\" is not accepted: it is larger than 2147483647 bytes"),
                bad("8 EiB, 2^63", opts("-Dsockbuf.send=8589934592g"), null, null, "-Dsockbuf.send=\"8589934592g\" is not accepted: it is larger than 2147483647 bytes"),
                bad("log.level for log", opts("-Dsockbuf.log.level=debug"), null, null, "-Dsockbuf.log.level is not a sockbuf setting and is ignored (did you mean sockbuf.log?)"),
                bad("mistyped mode", opts("-Dsockbuf.mode=obsrve"), null, null, "-Dsockbuf.mode=\"obsrve\" is not accepted: expected apply, override, observe or auto (did you mean observe?)"),
                bad("rule with IPv6 outside brackets", opts("-Dsockbuf.rules=client:host=::1:recv=8k"), null, null, "host \"::1\" looks like an IPv6 address without brackets; write host=[::1]"),
                bad("beyond Integer.MAX_VALUE", opts("-Dsockbuf.send=99999999999"), null, null, "larger than 2147483647 bytes"),
                bad("2g", opts("-Dsockbuf.recv=2g"), null, null, "larger than 2147483647 bytes"),
                bad("empty", opts("-Dsockbuf.recv="), null, null, "it is empty"),
                bad("whitespace", opts("-Dsockbuf.send=   "), null, null, "it is empty"),
                bad("misspelled property", opts("-Dsockbuf.recieve=8k"), null, null, "-Dsockbuf.recieve is not a sockbuf setting and is ignored (did you mean sockbuf.recv?)"),
                bad("agent argument, negative", opts(), "recv=-5", null, "agent argument recv=\"-5\" is not accepted: it is negative"),
                bad("agent argument, not key=value", opts(), "bogus", null, "agent argument \"bogus\" is not key=value"),
                bad("agent argument, duplicate key", opts(), "log=info,log=debug", null, "agent argument log is given twice; the first (log=info) is used"),
                bad("agent argument, unknown key", opts(), "revc=8k", null, "agent argument revc is not a sockbuf setting and is ignored (did you mean recv?)"),
                bad("environment, junk size", opts(), null, "SOCKBUF_RECV=lots", "SOCKBUF_RECV=\"lots\" is not accepted: it is not a number"),
                bad("environment, unknown key", opts(), null, "SOCKBUF_SENDD=8k", "SOCKBUF_SENDD is not a sockbuf setting and is ignored (did you mean SOCKBUF_SEND?)"),
                bad("environment, LOGFILE for LOG_FILE", opts(), null, "SOCKBUF_LOGFILE=/tmp/x.log", "SOCKBUF_LOGFILE is not a sockbuf setting and is ignored (did you mean SOCKBUF_LOG_FILE?)"),
                bad("environment, bad mode", opts(), null, "SOCKBUF_MODE=fast", "SOCKBUF_MODE=\"fast\" is not accepted: expected apply, override, observe or auto"),
                bad("config file, junk size", opts("-Dsockbuf.config=" + badFile), null, null, badFile + ": recv=\"abc\" is not accepted"),
                bad("config file, unknown key", opts("-Dsockbuf.config=" + typoFile), null, null, typoFile + ": recieve is not a sockbuf setting"),
                bad("config file missing", opts("-Dsockbuf.config=" + directory.resolve("missing.properties")), null, null, "missing.properties cannot be read"),
                bad("config file is a directory", opts("-Dsockbuf.config=" + directory), null, null, " is a directory; a config file is a regular properties file"),
                bad("log level", opts("-Dsockbuf.log=loud"), null, null, "-Dsockbuf.log=\"loud\" is not accepted: it is not a log level. Expected warn, info or debug"),
                bad("log format", opts("-Dsockbuf.log.format=xml"), null, null, "-Dsockbuf.log.format=\"xml\" is not accepted: expected text or json"),
                bad("jmx flag", opts("-Dsockbuf.jmx=yes"), null, null, "-Dsockbuf.jmx=\"yes\" is not accepted: expected true or false"),
                bad("rule with a bad port", opts("-Dsockbuf.rules=client:port=0:recv=8k"), null, null, "rule \"client:port=0:recv=8k\" is left out: port \"0\""),
                bad("rule with a bad CIDR", opts("-Dsockbuf.rules=client:host=10.0.0.0/40:recv=8k"), null, null, "prefix length \"40\""),
                bad("rule with a host name", opts("-Dsockbuf.rules=client:host=db.example.com:recv=8k"), null, null, "host names are not resolved"),
                bad("rule with an unknown role", opts("-Dsockbuf.rules=server:recv=8k"), null, null, "\"server\" is not a role"),
                bad("log file in a missing directory", opts("-Dsockbuf.log.file=" + directory.resolve("no/dir/x.log")), null, null, "cannot be written"),
                bad("log file is a directory", opts("-Dsockbuf.log.file=" + directory), null, null, "the log file " + directory + " is a directory; logging to stderr instead"),
                bad("log file is a symbolic link", opts("-Dsockbuf.log.file=" + link), null, null, "is a symbolic link, which sockbuf does not follow"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void aBadSettingIsOneWarningAndTheApplicationRunsAsWithoutTheAgent(String name, String[] options, String agentArguments,
                                                                        String environment, String warning) throws Exception {
        Jdk jdk = Jdks.current();
        ForkedJvm.Result without = ForkedJvm.on(jdk).run("client-only");
        ForkedJvm with = ForkedJvm.on(jdk).withAgent(options);
        if (agentArguments != null) {
            with.withAgentArguments(agentArguments);
        }
        if (environment != null) {
            with.withEnvironment(environment.substring(0, environment.indexOf('=')), environment.substring(environment.indexOf('=') + 1));
        }
        ForkedJvm.Result run = with.run("client-only");

        assertEquals(without.exitCode, run.exitCode, run.toString());
        assertEquals(without.stdoutWithoutPorts(), run.stdoutWithoutPorts(), run.toString());
        List<String> warnings = run.warnings();
        assertEquals(1, warnings.size(), run.toString());
        assertTrue(warnings.get(0).contains(warning), "expected \"" + warning + "\" in " + warnings.get(0));
    }

    private static Arguments bad(String name, String[] options, String agentArguments, String environment, String warning) {
        return Arguments.of(name, options, agentArguments, environment, warning);
    }

    private static String[] opts(String... options) {
        return options;
    }
}
