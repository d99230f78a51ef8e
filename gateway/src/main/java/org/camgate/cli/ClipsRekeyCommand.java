package org.camgate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.crypto.SecretKey;
import org.camgate.clip.ClipCipher;
import org.camgate.clip.ClipRekey;
import org.camgate.clip.ClipStore;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code camgate clips-rekey}: re-encrypts every clip with the configured key (gateway stopped). */
@Command(name = "clips-rekey", mixinStandardHelpOptions = true,
        description = "Re-encrypt alarm clips with clips.encryptionKey of the configuration (stop the gateway first). "
                + "The old key is read from an environment variable, never from the command line.")
final class ClipsRekeyCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE")
    Path config;

    @Option(names = "--old-key-env", paramLabel = "NAME",
            description = "environment variable holding the old key (base64 of 32 bytes); absent: clips in the clear")
    String oldKeyEnv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<GatewayConfig> file = ConfigFile.load(config, err);
        if (file.isEmpty()) {
            return Main.EXIT_INVALID;
        }
        GatewayConfig c = file.get();
        Optional<ClipCipher> old = Optional.empty();
        if (oldKeyEnv != null) {
            String value = System.getenv(oldKeyEnv);
            if (value == null) {
                err.println("--old-key-env: " + oldKeyEnv + " is not set");
                return Main.EXIT_INVALID;
            }
            try {
                old = Optional.of(new ClipCipher(ConfigLoader.clipKey(value)));
            } catch (IllegalArgumentException e) {
                err.println("--old-key-env: " + oldKeyEnv + ": " + e.getMessage());
                return Main.EXIT_INVALID;
            }
        }
        Optional<SecretKey> key = c.clips().encryptionKey();
        ClipStore from = new ClipStore(c.clips().dir(), old);
        ClipStore to = new ClipStore(c.clips().dir(), key.map(ClipCipher::new));
        ClipRekey.Result r = ClipRekey.run(from, to, key.map(k -> new ClipCipher(k).keyIdHex()).orElse(null), err::println);
        out.println("clips-rekey: " + r.rewritten() + " rewritten, " + r.skipped() + " already with the new key, "
                + r.failed() + " failed");
        return r.failed() == 0 ? 0 : 1;
    }
}
