package org.camgate.sim;

import java.io.IOException;
import org.camgate.protocol.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code camgate-sim --version}: the same two lines as {@code camgate --version} (see {@link BuildInfo}). */
public final class SimVersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        return BuildInfo.versionLines("camgate-sim", SimVersionProvider.class);
    }
}
