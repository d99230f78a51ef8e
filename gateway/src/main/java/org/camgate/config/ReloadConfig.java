package org.camgate.config;

/**
 * How {@code camgate run} notices a changed configuration file. SIGHUP always reloads.
 *
 * @param watch also reload when the file changes (as {@code run --watch}); default false
 */
public record ReloadConfig(boolean watch) {
    public static ReloadConfig defaults() {
        return new ReloadConfig(false);
    }
}
