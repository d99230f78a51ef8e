package org.camgate.cli;

import java.io.IOException;
import org.camgate.protocol.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code camgate --version}: the same two lines as {@code camgate-sim --version} (see {@link BuildInfo}). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        return BuildInfo.versionLines("camgate", VersionProvider.class);
    }
}
