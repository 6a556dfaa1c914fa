package io.sockbuf.agent.config;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

/**
 * Settings from a properties file named by {@code sockbuf.config}: {@code recv=8k} (the
 * {@code sockbuf.} prefix may be written or left out). A file that cannot be read is a warning.
 */
final class ConfigFileSource implements ConfigSource {

    /** A config file is a few lines; more is a mistake (or /dev/zero) and must not fill the application's heap. */
    static final int MAX_BYTES = 1 << 20;

    private final String path;
    private final Properties properties = new Properties();

    ConfigFileSource(String path, String origin, List<String> warnings) {
        this.path = path;
        String notRegular = RegularFile.problem(path, false);
        File file = new File(path);
        if (notRegular != null || file.length() > MAX_BYTES) {
            warnings.add(origin + "=" + path + " " + (notRegular != null ? notRegular : "is larger than " + MAX_BYTES + " bytes")
                    + "; a config file is a regular properties file of at most " + MAX_BYTES + " bytes. No settings are read from it.");
            return;
        }
        try (InputStream in = new FileInputStream(file)) {
            // At most MAX_BYTES, even if the file grows while it is read.
            properties.load(new java.io.ByteArrayInputStream(in.readNBytes(MAX_BYTES)));
        } catch (IOException | IllegalArgumentException e) {
            warnings.add(origin + "=" + path + " cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); no settings are read from it.");
        }
    }

    @Override
    public String get(String key) {
        String value = properties.getProperty(key);
        return value != null ? value : properties.getProperty(SystemPropertySource.PREFIX + key);
    }

    @Override
    public String describe(String key) {
        return path + ": " + key;
    }

    @Override
    public Collection<String> keys() {
        List<String> keys = new ArrayList<>();
        for (String name : properties.stringPropertyNames()) {
            keys.add(name.startsWith(SystemPropertySource.PREFIX) ? name.substring(SystemPropertySource.PREFIX.length()) : name);
        }
        return keys;
    }
}
