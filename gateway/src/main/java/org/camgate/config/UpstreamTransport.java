package org.camgate.config;

/** How the gateway pulls RTP from a camera: {@code tcp} (interleaved, default) or {@code udp}. */
public enum UpstreamTransport { TCP, UDP }
