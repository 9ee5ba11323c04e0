package com.cyclefleet.cli;

/**
 * The log level of slf4j-simple, through which ND4J logs. Quiet (warnings only) by default, from
 * simplelogger.properties; verbose restores INFO. slf4j-simple reads its level once, when the first logger is
 * created, and ND4J creates its loggers only when a command first touches the backend, so setting the level while
 * the command line is parsed is early enough.
 */
final class LogVerbosity {
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    static final String VERBOSE_LEVEL = "info";

    private LogVerbosity() {
    }

    /** A system property overrides the properties file. */
    static void verbose() {
        System.setProperty(LEVEL_PROPERTY, VERBOSE_LEVEL);
    }
}
