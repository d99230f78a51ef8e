package org.camgate.config;

/** {@code strip} (default): audio is removed from SDP and never forwarded; {@code keep}: forwarded. */
public enum AudioPolicy { STRIP, KEEP }
