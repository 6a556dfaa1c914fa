package io.sockbuf.agent.control.jmx;

import io.sockbuf.agent.control.AgentControl;
import io.sockbuf.agent.log.LogSink;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers {@code sockbuf:type=Agent} in the platform MBean server. Only called when
 * {@code sockbuf.jmx=true}: with JMX off no class of this package, and no {@code javax.management}
 * class, is loaded by the agent.
 *
 * <p>When: the first call of {@link ManagementFactory#getPlatformMBeanServer()} creates the platform
 * server and registers the JDK's own MXBeans, which costs tens of milliseconds of class loading.
 * In {@code premain} that would delay the application's {@code main}, so there it runs on a daemon
 * thread ({@link #registerInBackground}); the MBean shows up a moment after the start. Creating the
 * platform server from premain's thread or a background one is the same as far as the application
 * is concerned: {@code getPlatformMBeanServer} is synchronized and returns that one server to every
 * caller. An application that installs its own {@code javax.management.builder.initial} must set it
 * on the command line (as with any JMX agent). From {@code agentmain} (attach) the application is
 * running and usually has the server already: registration happens at once, so the CLI can say
 * whether it worked.
 */
public final class Jmx {

    static final String NAME = "sockbuf:type=Agent";

    private Jmx() {
    }

    /** premain: register without holding up the application's start. */
    public static void registerInBackground(AgentControl agent) {
        Thread thread = new Registration(agent);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return what happened, one line for the CLI and the status */
    public static String register(AgentControl agent) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new AgentBean(agent), name);
            }
            agent.jmx("MBean " + NAME + " registered", null);
            return "MBean " + NAME + " registered";
        } catch (Exception | LinkageError e) {
            String problem = "could not register the MBean " + NAME + "; JMX is off: " + e;
            LogSink.warn(problem);
            agent.jmx(problem, problem);
            return problem;
        }
    }

    /** {@code attach ... jmx=false} after it was on. */
    public static String unregister(AgentControl agent) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            agent.jmx("off", null);
            return "MBean " + NAME + " unregistered";
        } catch (Exception | LinkageError e) {
            return "could not unregister the MBean " + NAME + ": " + e;
        }
    }

    private static final class Registration extends Thread {
        private final AgentControl agent;

        Registration(AgentControl agent) {
            super("sockbuf-jmx-registration");
            this.agent = agent;
        }

        @Override
        public void run() {
            register(agent);
        }
    }
}
