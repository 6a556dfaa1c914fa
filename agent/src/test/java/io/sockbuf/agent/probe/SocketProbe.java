package io.sockbuf.agent.probe;

import io.sockbuf.agent.probe.scenario.Scenario;
import io.sockbuf.agent.probe.scenario.Sockets;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The application under test: plain JDK code that knows nothing of the agent, run in the forked
 * JVM with only the JDK and the probe classes on its class path. {@code SocketProbe <scenario>[,<scenario>...] [hold]}
 * opens the sockets of each {@link Scenario} named, in turn, on loopback and prints, per socket, what getsockopt
 * reports ({@code <name> recv=<bytes> send=<bytes>}, {@code ports <name> <local> <remote>}). Then
 * it prints {@code HOLD} and, with {@code hold}, keeps every socket open until a line arrives on
 * stdin (or stdin closes) so the test can look at them from the kernel side.
 */
public final class SocketProbe {

    private SocketProbe() {
    }

    public static void main(String[] args) throws Exception {
        Sockets sockets = new Sockets();
        for (String scenario : args[0].split(",")) {
            Scenario.named(scenario).open(sockets);
        }
        System.out.println("HOLD");
        System.out.flush();
        if (args.length > 1 && args[1].equals("hold")) {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        sockets.closeAll();
    }
}
