package io.sockbuf.it.app;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link NettyApp} loaded through a class loader that isolates like OSGi or JBoss Modules: it sees
 * the JDK (parent: the platform loader) and this JVM's class path, and refuses the agent's package
 * {@code io.sockbuf.agent}, which a plain delegating loader would find on the boot class path.
 * Prints {@code info agent-visible false} (the refusal works) and {@code info netty-loader ...},
 * then runs {@code NettyApp.main(args)} inside that loader.
 */
public final class IsolatedNettyApp {

    /** Refuses the agent's classes; everything else: the JDK first, then the class path. */
    static final class AgentRefusingLoader extends URLClassLoader {
        AgentRefusingLoader(URL[] urls) {
            super("isolating", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.sockbuf.agent.")) {
                throw new ClassNotFoundException(name + " (this loader does not delegate the agent's package)");
            }
            return super.loadClass(name, resolve);
        }
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        ClassLoader isolating = new AgentRefusingLoader(urls.toArray(new URL[0]));
        System.out.println("info agent-visible " + visible(isolating, "io.sockbuf.agent.bridge.SocketSizer"));
        Thread.currentThread().setContextClassLoader(isolating);
        Class<?> app = Class.forName(NettyApp.class.getName(), true, isolating);
        System.out.println("info netty-loader " + Class.forName("io.netty.channel.epoll.EpollServerSocketChannel", false, isolating)
                .getClassLoader().getName());
        app.getMethod("main", String[].class).invoke(null, (Object) args);
    }

    private static boolean visible(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
