package io.sockbuf.agent.probe;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Starts {@link UnnamedLoaderApp} the way Spring Boot's launcher and many containers start an
 * application: loaded by a URLClassLoader that has no name (its parent the platform loader, so the
 * class is its own, not the class path's) and called by reflection. The call site of the app's
 * buffer sets is the app's frame, not this launcher's reflective call.
 */
public final class UnnamedLoaderLauncher {

    public static void main(String[] args) throws Exception {
        URL classes = UnnamedLoaderLauncher.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> app = loader.loadClass("io.sockbuf.agent.probe.UnnamedLoaderApp");
            System.out.println("loader " + (app.getClassLoader() == loader) + " name " + app.getClassLoader().getName());
            app.getMethod("run").invoke(null);
        }
    }
}
