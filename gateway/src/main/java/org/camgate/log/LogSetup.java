package org.camgate.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camgate.config.LogConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies the configuration's {@code log} section to Logback: the root level ({@code CAMGATE_LOG_LEVEL} in the
 * environment wins over {@code log.level}), the format of every line (text or JSON lines) on standard error, and an
 * optional file rolled daily and kept for {@code log.retention}. The per-library levels of {@code logback.xml} stay.
 * {@link Applied#close()} puts back what was there before (tests, and a later reconfiguration).
 */
public final class LogSetup {
    /** The environment variable that overrides {@code log.level}. */
    public static final String LEVEL_VARIABLE = "CAMGATE_LOG_LEVEL";
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";

    private LogSetup() {
    }

    /** What {@link #apply} changed; closing it restores the previous level and appenders. */
    public interface Applied extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The level in force: {@code CAMGATE_LOG_LEVEL} when set (any case), else {@code log.level}.
     *
     * @throws IllegalArgumentException when the variable names no level
     */
    public static LogConfig.Level level(LogConfig config, Map<String, String> env) {
        String v = env.get(LEVEL_VARIABLE);
        if (v == null || v.isBlank()) {
            return config.level();
        }
        try {
            return LogConfig.Level.valueOf(v.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LEVEL_VARIABLE + ": unknown level \"" + v
                    + "\" (expected one of: trace, debug, info, warn, error, off)");
        }
    }

    /**
     * Configures Logback; does nothing (and restores nothing) when SLF4J is bound to another backend.
     *
     * @throws IllegalArgumentException when {@code CAMGATE_LOG_LEVEL} names no level
     */
    public static Applied apply(LogConfig config, Map<String, String> env) {
        LogConfig.Level level = level(config, env);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return () -> { };
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level previousLevel = root.getLevel();
        List<Appender<ILoggingEvent>> previous = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            previous.add(it.next());
        }
        List<Appender<ILoggingEvent>> added = new ArrayList<>();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("camgate-stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder(context, config.format()));
        console.start();
        added.add(console);
        config.file().ifPresent(file -> added.add(file(context, config, file.toAbsolutePath().toString())));
        // New appenders first, then the old ones off: no entry is lost or written twice in between.
        added.forEach(root::addAppender);
        previous.forEach(root::detachAppender);
        root.setLevel(Level.toLevel(level.name()));
        return () -> {
            previous.forEach(root::addAppender);
            for (Appender<ILoggingEvent> a : added) {
                root.detachAppender(a);
                a.stop();
            }
            root.setLevel(previousLevel);
        };
    }

    private static Appender<ILoggingEvent> file(LoggerContext context, LogConfig config, String file) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("camgate-file");
        appender.setFile(file);
        appender.setAppend(true);
        TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}");
        policy.setMaxHistory((int) Math.max(1, config.retention().toDays()));
        policy.setCleanHistoryOnStart(true);
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context, config.format()));
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("log.file: cannot write " + file);
        }
        return appender;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogConfig.Format format) {
        if (format == LogConfig.Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            // One object per line: time, level, thread, logger, the formatted message, MDC, and any exception.
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }
}
