package io.sockbuf.cli;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.zip.ZipFile;

/**
 * Runs the CLI when its own JVM also carries the agent ({@code JAVA_TOOL_OPTIONS=-javaagent:...}):
 * the agent's manifest puts the jar on the boot class path, so {@code SockbufCli} is then defined by
 * the boot loader, which cannot see the module {@code jdk.attach}. This loader takes the CLI's
 * classes from the jar itself instead (child first), with the application loader, which sees
 * {@code jdk.attach}, as parent.
 */
final class CliClassLoader extends URLClassLoader {

    private static final String CLASS_FILE = SockbufCli.class.getName().replace('.', '/') + ".class";

    static {
        registerAsParallelCapable();
    }

    private CliClassLoader(URL jar) {
        super(new URL[] {jar}, ClassLoader.getSystemClassLoader());
    }

    /** Runs {@code SockbufCli.main} from the jar on this JVM's class path in a loader that sees jdk.attach; false if no such jar. */
    static boolean runMain(String[] args) throws Throwable {
        File jar = jarOnClassPath();
        if (jar == null) {
            return false;
        }
        try (CliClassLoader loader = new CliClassLoader(jar.toURI().toURL())) {
            Class.forName(SockbufCli.class.getName(), true, loader).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return true;
    }

    private static File jarOnClassPath() {
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            File file = new File(entry);
            if (!file.isFile()) {
                continue;
            }
            try (ZipFile zip = new ZipFile(file)) {
                if (zip.getEntry(CLASS_FILE) != null) {
                    return file;
                }
            } catch (Exception e) {
                // Not a jar: look further.
            }
        }
        return null;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("io.sockbuf.")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
