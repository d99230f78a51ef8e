package org.camgate.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS to an {@code ssl://} broker: trust the CA certificates of a PEM file (or, without one, the JVM's). */
final class TlsTrust {
    private TlsTrust() {
    }

    static SSLSocketFactory socketFactory(Path caPem) {
        try {
            if (caPem == null) {
                return SSLContext.getDefault().getSocketFactory();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            try (InputStream in = Files.newInputStream(caPem)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + n++, c);
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException("mqtt.caCertificate " + caPem + ": no certificate in the file");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("mqtt.caCertificate " + caPem + ": " + e.getMessage(), e);
        }
    }
}
